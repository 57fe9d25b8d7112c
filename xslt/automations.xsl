<?xml version="1.0" encoding="UTF-8"?>
<!--
  automations.xsl - automations (issue 13; admins and PMs): the rules, one rule's form and run
  log, "try against a past event", a project's runs.
    automation-list     <rules total><rule id name enabled scope scope-id scope-name trigger days
                        trigger-label trigger-kind owner-id owner-name runs last-state last-at
                        may-change/>…</rules><pager/><presets><preset code label/>…</presets>
                        <trouble><run …/>…</trouble> (the runs that stopped or failed, newest first)
    automation-new      <rule name enabled scope scope-id trigger days …><condition …/><action …/>
                        </rule>[<preset code/>], the choices, <form-rows/>; form "rule",
                        POST /settings/automations
    automation          <rule id … may-change owner-name scope-name created-at updated-at runs>
                        <condition n field op value field-label op-label/>…<action n kind text body
                        who start due value visible kind-label/>…</rule>, the choices, <runs><run/>…
                        </runs><pager/>, <form-rows/>; forms "rule" (POST …/{id}), "enabled"
                        (…/{id}/enabled), "delete" (…/{id}/delete, confirm)
    automation-try      <rule …/> and either <events><event id type created-at project-id
                        project-name client-name/>…</events> (choose one) or <results event-id>
                        <log subject state><condition/>…<action/>…</log>…</results>
    automation-project  <project …/><runs><run/>…</runs><pager/>
  A run: <run id rule-id rule-name subject event-id project-id project-name depth chain state
  tries error created-at finished-at><log trigger subject chain><condition field op value actual
  ok field-label op-label/>…<action kind ok outcome kind-label/>…</log></run>.
  The choices: <choices for="trigger|field|op|action|who|value|scope|scope_client|scope_project">
  of <option value>label</option>, in <group label> where the select groups them;
  <placeholders><place name>label</place>…</placeholders>.
  <form-rows><cond n open/>…<act n open/>…</form-rows>: the rows the form shows open (in use,
  and one empty row); the rest wait under "more".
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>
  <xsl:include href="plan-common.xsl"/>

  <!-- ============================================================ small pieces -->

  <xsl:template name="rule-onoff">
    <xsl:param name="enabled"/>
    <xsl:choose>
      <xsl:when test="$enabled = '1'"><span class="badge status-on">On</span></xsl:when>
      <xsl:otherwise><span class="badge status-off">Off</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the trigger in words: its label, and the days of a time trigger -->
  <xsl:template name="rule-when">
    <xsl:param name="label"/>
    <xsl:param name="kind"/>
    <xsl:param name="days"/>
    <xsl:param name="code"/>
    <xsl:choose>
      <xsl:when test="$label != ''"><xsl:value-of select="$label"/></xsl:when>
      <xsl:otherwise><code><xsl:value-of select="$code"/></code></xsl:otherwise>
    </xsl:choose>
    <xsl:variable name="n" select="number($days)"/>
    <xsl:choose>
      <xsl:when test="$kind = 'date' and $n = 0"> (N = 0: on the day)</xsl:when>
      <xsl:when test="$kind = 'date' and $n &lt; 0"> (N = <xsl:value-of select="$n"/>: <xsl:value-of select="-$n"/> day<xsl:if test="$n != -1">s</xsl:if> before)</xsl:when>
      <xsl:when test="$kind = 'date' and $n &gt; 0"> (N = <xsl:value-of select="$n"/>: <xsl:value-of select="$n"/> day<xsl:if test="$n != 1">s</xsl:if> after)</xsl:when>
      <xsl:when test="$kind = 'quiet' and $n &gt; 0"> (N = <xsl:value-of select="$n"/>)</xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- a rule's scope in words (context: the rule) -->
  <xsl:template name="rule-scope">
    <xsl:choose>
      <xsl:when test="@scope = 'client'">Client: <xsl:value-of select="@scope-name"/></xsl:when>
      <xsl:when test="@scope = 'project'">Project: <a href="/projects/{@scope-id}"><xsl:value-of select="@scope-name"/></a></xsl:when>
      <xsl:when test="@scope = 'mine'">Projects <xsl:value-of select="@owner-name"/> manages</xsl:when>
      <xsl:otherwise>All projects</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="run-state">
    <xsl:param name="state"/>
    <xsl:choose>
      <xsl:when test="$state = 'done'"><span class="badge status-on">Done</span></xsl:when>
      <xsl:when test="$state = 'failed'"><span class="badge approval-changes">Failed</span></xsl:when>
      <xsl:when test="$state = 'stopped'"><span class="badge approval-pending">Stopped</span></xsl:when>
      <xsl:when test="$state = 'skipped'"><span class="badge neutral">Skipped</span></xsl:when>
      <xsl:when test="$state = 'queued'"><span class="badge neutral">Queued</span></xsl:when>
      <xsl:when test="$state != ''"><span class="badge neutral"><xsl:value-of select="$state"/></span></xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="rule-ok">
    <xsl:param name="ok"/>
    <xsl:choose>
      <xsl:when test="$ok = '1'"><span class="badge status-on">ok</span></xsl:when>
      <xsl:when test="$ok = '0'"><span class="badge approval-changes">no</span></xsl:when>
    </xsl:choose>
  </xsl:template>

  <!-- a log's conditions (each with the value wanted, the value found and whether it held)
       and its actions (each with its outcome) -->
  <xsl:template match="log">
    <xsl:if test="@unreadable = '1'"><p class="muted">The log of this run cannot be read.</p></xsl:if>
    <xsl:if test="condition">
      <p class="sub-h">Conditions</p>
      <ul class="flag-list rule-log-conditions">
        <xsl:for-each select="condition">
          <li>
            <xsl:call-template name="rule-ok"><xsl:with-param name="ok" select="string(@ok)"/></xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:value-of select="concat(@field-label, substring(@field, 1, 200 * not(@field-label)))"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="concat(@op-label, substring(@op, 1, 200 * not(@op-label)))"/>
            <xsl:text> </xsl:text><strong><xsl:value-of select="@value"/></strong>
            <span class="muted"> · was <xsl:choose><xsl:when test="normalize-space(@actual) != ''"><xsl:value-of select="@actual"/></xsl:when><xsl:otherwise>nothing</xsl:otherwise></xsl:choose></span>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
    <xsl:if test="action">
      <p class="sub-h">Actions</p>
      <ol class="flag-list rule-log-actions">
        <xsl:for-each select="action">
          <li>
            <xsl:call-template name="rule-ok"><xsl:with-param name="ok" select="string(@ok)"/></xsl:call-template>
            <xsl:text> </xsl:text>
            <xsl:value-of select="concat(@kind-label, substring(@kind, 1, 200 * not(@kind-label)))"/>
            <xsl:if test="normalize-space(@outcome) != ''">: <xsl:value-of select="@outcome"/></xsl:if>
          </li>
        </xsl:for-each>
      </ol>
    </xsl:if>
    <xsl:if test="not(condition) and not(action) and not(@unreadable)"><p class="muted">No condition was checked and no action taken.</p></xsl:if>
  </xsl:template>

  <!-- one run as an item of a run log; with-rule: name the rule (a project's log, the box of
       stopped and failed runs) -->
  <xsl:template match="run">
    <xsl:param name="with-rule"/>
    <li class="report-item rule-run">
      <p class="report-item-head">
        <xsl:call-template name="run-state"><xsl:with-param name="state" select="string(@state)"/></xsl:call-template>
        <xsl:if test="$with-rule"><a class="report-item-title" href="/settings/automations/{@rule-id}"><xsl:value-of select="@rule-name"/></a></xsl:if>
        <span class="muted"><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@created-at)"/></xsl:call-template></span>
      </p>
      <p class="report-item-summary">
        <code><xsl:value-of select="@subject"/></code>
        <xsl:if test="normalize-space(@project-name) != ''"> · <a href="/projects/{@project-id}"><xsl:value-of select="@project-name"/></a></xsl:if>
        <xsl:if test="contains(@chain, '&gt;')"> · chain <code><xsl:value-of select="@chain"/></code></xsl:if>
        <xsl:if test="@state = 'stopped'"> · more than 3 rules in a row: stopped</xsl:if>
        <xsl:if test="@depth &gt; 1"> · depth <xsl:value-of select="@depth"/></xsl:if>
        <xsl:if test="@tries &gt; 1"> · <xsl:value-of select="@tries"/> tries</xsl:if>
      </p>
      <xsl:if test="normalize-space(@error) != ''"><p class="field-error"><xsl:value-of select="@error"/></p></xsl:if>
      <xsl:apply-templates select="log"/>
    </li>
  </xsl:template>

  <!-- a run log: runs (node-set) as a list, or an empty state -->
  <xsl:template name="run-list">
    <xsl:param name="runs"/>
    <xsl:param name="with-rule"/>
    <xsl:param name="empty"/>
    <xsl:choose>
      <xsl:when test="$runs">
        <ol class="report-list">
          <xsl:apply-templates select="$runs"><xsl:with-param name="with-rule" select="$with-rule"/></xsl:apply-templates>
        </ol>
      </xsl:when>
      <xsl:otherwise><p class="empty-inline"><xsl:value-of select="$empty"/></p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a select whose options come from /page/choices[@for=$choices] (groups as optgroups), with
       the field template's label, value, error and hint; a value not among the options (a person
       since deactivated) stays as an option of its own -->
  <xsl:template name="rule-select">
    <xsl:param name="form" select="'rule'"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="choices"/>
    <xsl:param name="value"/>
    <xsl:param name="empty"/>
    <xsl:param name="required"/>
    <xsl:param name="hint"/>
    <xsl:variable name="id" select="concat($form, '-', $name)"/>
    <xsl:variable name="state" select="/page/form-state[@for = $form]"/>
    <xsl:variable name="cur" select="concat(string($state/value[@name = $name]), substring($value, 1, (1 div 0) * not($state)))"/>
    <xsl:variable name="error" select="$state/error[@field = $name][1]"/>
    <xsl:variable name="list" select="/page/choices[@for = $choices]"/>
    <div class="field field-select">
      <xsl:if test="$error"><xsl:attribute name="class">field field-select has-error</xsl:attribute></xsl:if>
      <label for="{$id}"><xsl:value-of select="$label"/><xsl:if test="$required"><span class="req" aria-hidden="true"> *</span></xsl:if></label>
      <select id="{$id}" name="{$name}">
        <xsl:if test="$error or $hint or $required"><xsl:call-template name="field-common"><xsl:with-param name="id" select="$id"/><xsl:with-param name="error" select="$error"/><xsl:with-param name="hint" select="$hint"/><xsl:with-param name="req" select="$required"/></xsl:call-template></xsl:if>
        <xsl:if test="$empty != ''"><option value=""><xsl:value-of select="$empty"/></option></xsl:if>
        <xsl:for-each select="$list/option">
          <option value="{@value}"><xsl:if test="@value = $cur"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="text()"/></option>
        </xsl:for-each>
        <xsl:for-each select="$list/group">
          <optgroup label="{@label}">
            <xsl:for-each select="option">
              <option value="{@value}"><xsl:if test="@value = $cur"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="text()"/></option>
            </xsl:for-each>
          </optgroup>
        </xsl:for-each>
        <xsl:if test="$cur != '' and not($list/option[@value = $cur] or $list/group/option[@value = $cur])">
          <option value="{$cur}" selected="selected"><xsl:value-of select="$cur"/></option>
        </xsl:if>
      </select>
      <xsl:if test="$error"><p class="field-error" id="{$id}-error"><xsl:value-of select="$error"/></p></xsl:if>
      <xsl:if test="$hint"><p class="hint" id="{$id}-hint"><xsl:value-of select="$hint"/></p></xsl:if>
    </div>
  </xsl:template>

  <!-- ============================================================ list -->

  <xsl:template match="page[@name='automation-list']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="settings" select="$is-admin"/>
      <xsl:with-param name="title" select="'Automations'"/>
      <xsl:with-param name="sub" select="'Rules that act for you: when something happens, if the conditions hold, then these actions — each run on record.'"/>
      <xsl:with-param name="actions"><a class="btn btn-primary" href="/settings/automations/new"><span aria-hidden="true">+ </span>New rule</a></xsl:with-param>
    </xsl:call-template>

    <xsl:if test="trouble/run">
      <section class="card card-warning" aria-labelledby="trouble-h">
        <div class="card-head"><h2 id="trouble-h">Runs that stopped or failed</h2><span class="card-aside">newest first</span></div>
        <div class="card-body">
          <xsl:call-template name="run-list"><xsl:with-param name="runs" select="trouble/run"/><xsl:with-param name="with-rule" select="true()"/></xsl:call-template>
        </div>
      </section>
    </xsl:if>

    <section class="card" aria-labelledby="rules-h">
      <div class="card-head"><h2 id="rules-h">Rules</h2><span class="card-count"><xsl:value-of select="rules/@total"/></span></div>
      <xsl:choose>
        <xsl:when test="rules/rule">
          <div class="card-body">
            <ul class="report-list rule-list">
              <xsl:for-each select="rules/rule">
                <li class="report-item">
                  <p class="report-item-head">
                    <a class="report-item-title" href="/settings/automations/{@id}"><xsl:value-of select="@name"/></a>
                    <xsl:call-template name="rule-onoff"><xsl:with-param name="enabled" select="string(@enabled)"/></xsl:call-template>
                  </p>
                  <p class="report-item-summary"><xsl:call-template name="rule-when"><xsl:with-param name="label" select="string(@trigger-label)"/><xsl:with-param name="kind" select="string(@trigger-kind)"/><xsl:with-param name="days" select="string(@days)"/><xsl:with-param name="code" select="string(@trigger)"/></xsl:call-template></p>
                  <p class="row-sub">
                    <xsl:call-template name="rule-scope"/>
                    <xsl:text> · </xsl:text><xsl:value-of select="@owner-name"/>
                    <xsl:text> · </xsl:text><xsl:value-of select="@runs"/> run<xsl:if test="@runs != '1'">s</xsl:if>
                    <xsl:if test="normalize-space(@last-state) != ''">
                      <xsl:text> · last </xsl:text><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@last-at)"/></xsl:call-template>
                      <xsl:text> </xsl:text><xsl:call-template name="run-state"><xsl:with-param name="state" select="string(@last-state)"/></xsl:call-template>
                    </xsl:if>
                  </p>
                </li>
              </xsl:for-each>
            </ul>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'No rules yet'"/>
            <xsl:with-param name="text" select="'Start from a preset below, or from a blank rule.'"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:apply-templates select="pager"/>
    </section>

    <section class="card card-narrow" id="new-rule" aria-labelledby="new-rule-h">
      <div class="card-head"><h2 id="new-rule-h">New rule</h2></div>
      <div class="card-body">
        <p>Start from a preset (every part can be changed before it is saved; a preset starts switched off), or from a blank rule.</p>
        <ul class="flag-list rule-presets">
          <xsl:for-each select="presets/preset">
            <li><a href="/settings/automations/new?preset={@code}"><xsl:value-of select="@label"/></a></li>
          </xsl:for-each>
          <li><a href="/settings/automations/new">Blank rule</a></li>
        </ul>
      </div>
    </section>
  </xsl:template>

  <!-- ============================================================ the rule in words -->

  <xsl:template name="rule-summary">
    <xsl:param name="rule"/>
    <dl class="facts rule-summary">
      <dt>When</dt>
      <dd><xsl:call-template name="rule-when"><xsl:with-param name="label" select="string($rule/@trigger-label)"/><xsl:with-param name="kind" select="string($rule/@trigger-kind)"/><xsl:with-param name="days" select="string($rule/@days)"/><xsl:with-param name="code" select="string($rule/@trigger)"/></xsl:call-template></dd>
      <dt>Where</dt>
      <dd><xsl:for-each select="$rule"><xsl:call-template name="rule-scope"/></xsl:for-each></dd>
      <dt>If</dt>
      <dd>
        <xsl:choose>
          <xsl:when test="$rule/condition">
            <ul class="flag-list">
              <xsl:for-each select="$rule/condition">
                <li><xsl:value-of select="concat(@field-label, substring(@field, 1, 200 * not(@field-label)))"/><xsl:text> </xsl:text><xsl:value-of select="concat(@op-label, substring(@op, 1, 200 * not(@op-label)))"/><xsl:text> </xsl:text><strong><xsl:value-of select="@value"/></strong></li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise>always (no condition)</xsl:otherwise>
        </xsl:choose>
      </dd>
      <dt>Then</dt>
      <dd>
        <ol class="flag-list">
          <xsl:for-each select="$rule/action">
            <li>
              <xsl:value-of select="concat(@kind-label, substring(@kind, 1, 200 * not(@kind-label)))"/>
              <xsl:if test="normalize-space(@text) != ''">: “<xsl:value-of select="@text"/>”</xsl:if>
              <xsl:if test="normalize-space(@who) != ''">
                <xsl:variable name="who" select="/page/choices[@for = 'who']/group/option[@value = current()/@who]"/>
                <span class="muted"> · <xsl:choose><xsl:when test="$who"><xsl:value-of select="$who"/></xsl:when><xsl:otherwise><xsl:value-of select="@who"/></xsl:otherwise></xsl:choose></span>
              </xsl:if>
              <xsl:if test="normalize-space(@value) != ''"><span class="muted"> · <xsl:value-of select="@value"/></span></xsl:if>
              <xsl:if test="normalize-space(@due) != ''"><span class="muted"> · due on working day <xsl:value-of select="@due"/></span></xsl:if>
              <xsl:if test="@visible = '1'"><span class="muted"> · client-visible</span></xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </dd>
    </dl>
  </xsl:template>

  <!-- ============================================================ the form -->

  <xsl:template name="rule-form">
    <xsl:param name="rule"/>
    <xsl:param name="action"/>
    <xsl:param name="submit"/>
    <xsl:variable name="state" select="/page/form-state[@for = 'rule']"/>
    <xsl:variable name="trigger" select="concat(string($state/value[@name = 'trigger']), substring($rule/@trigger, 1, (1 div 0) * not($state)))"/>
    <xsl:variable name="t" select="/page/choices[@for = 'trigger']/group/option[@value = $trigger]"/>
    <form method="post" action="{$action}" class="form card-body rule-form">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'rule'"/></xsl:call-template>

      <fieldset class="form-section">
        <legend>Rule</legend>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'rule'"/><xsl:with-param name="name" select="'name'"/>
          <xsl:with-param name="label" select="'Name'"/><xsl:with-param name="value" select="string($rule/@name)"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'rule'"/><xsl:with-param name="name" select="'enabled'"/>
          <xsl:with-param name="label" select="'On: the rule acts on what happens from now on'"/><xsl:with-param name="type" select="'checkbox'"/>
          <xsl:with-param name="value" select="string($rule/@enabled)"/>
          <xsl:with-param name="hint" select="'Leave it off until “Try against a past event” shows what you expect.'"/>
        </xsl:call-template>
        <div class="form-row">
          <xsl:call-template name="rule-select">
            <xsl:with-param name="name" select="'scope'"/><xsl:with-param name="label" select="'Where'"/>
            <xsl:with-param name="choices" select="'scope'"/><xsl:with-param name="value" select="string($rule/@scope)"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <xsl:if test="/page/choices[@for = 'scope']/option[@value = 'client']">
            <xsl:call-template name="rule-select">
              <xsl:with-param name="name" select="'scope_client'"/><xsl:with-param name="label" select="'Client (for “one client”)'"/>
              <xsl:with-param name="choices" select="'scope_client'"/><xsl:with-param name="empty" select="'—'"/>
              <xsl:with-param name="value" select="substring($rule/@scope-id, 1, 40 * ($rule/@scope = 'client'))"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:call-template name="rule-select">
            <xsl:with-param name="name" select="'scope_project'"/><xsl:with-param name="label" select="'Project (for “one project”)'"/>
            <xsl:with-param name="choices" select="'scope_project'"/><xsl:with-param name="empty" select="'—'"/>
            <xsl:with-param name="value" select="substring($rule/@scope-id, 1, 40 * ($rule/@scope = 'project'))"/>
          </xsl:call-template>
        </div>
      </fieldset>

      <fieldset class="form-section">
        <legend>When</legend>
        <div class="form-row">
          <xsl:call-template name="rule-select">
            <xsl:with-param name="name" select="'trigger'"/><xsl:with-param name="label" select="'Trigger'"/>
            <xsl:with-param name="choices" select="'trigger'"/><xsl:with-param name="value" select="string($rule/@trigger)"/>
            <xsl:with-param name="empty" select="'Choose…'"/><xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'rule'"/><xsl:with-param name="name" select="'days'"/>
            <xsl:with-param name="label" select="'Days (time triggers)'"/><xsl:with-param name="type" select="'number'"/>
            <xsl:with-param name="value" select="string($rule/@days)"/><xsl:with-param name="min" select="'-365'"/>
            <xsl:with-param name="hint" select="'A date: days after it (below zero: before it). “Nothing happened”: for how many days.'"/>
          </xsl:call-template>
        </div>
        <xsl:if test="$t">
          <p class="hint rule-carries">
            <xsl:text>“</xsl:text><xsl:value-of select="$t"/><xsl:text>” can be tested on: </xsl:text>
            <xsl:choose>
              <xsl:when test="normalize-space($t/@carries) != ''">
                <xsl:for-each select="/page/choices[@for = 'field']/option[contains(concat(' ', $t/@carries, ' '), concat(' ', @value, ' '))]">
                  <xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="text()"/>
                </xsl:for-each>
              </xsl:when>
              <xsl:otherwise>no field (no condition can apply)</xsl:otherwise>
            </xsl:choose>
            <xsl:text>.</xsl:text>
          </p>
        </xsl:if>
      </fieldset>

      <fieldset class="form-section">
        <legend>If (every condition must hold)</legend>
        <p class="hint">No condition: the rule acts every time it is triggered.</p>
        <xsl:for-each select="/page/form-rows/cond[@open = '1']">
          <xsl:call-template name="rule-cond-row"><xsl:with-param name="rule" select="$rule"/></xsl:call-template>
        </xsl:for-each>
        <xsl:if test="/page/form-rows/cond[not(@open)]">
          <details class="rule-more">
            <summary>More conditions</summary>
            <xsl:for-each select="/page/form-rows/cond[not(@open)]">
              <xsl:call-template name="rule-cond-row"><xsl:with-param name="rule" select="$rule"/></xsl:call-template>
            </xsl:for-each>
          </details>
        </xsl:if>
      </fieldset>

      <fieldset class="form-section">
        <legend>Then (in this order)</legend>
        <p class="hint">Placeholders in titles, subjects and texts:
          <xsl:for-each select="/page/placeholders/place"><xsl:if test="position() &gt; 1">, </xsl:if><code>{<xsl:value-of select="@name"/>}</code></xsl:for-each>
          (see the list beside the form).</p>
        <xsl:for-each select="/page/form-rows/act[@open = '1']">
          <xsl:call-template name="rule-act-row"><xsl:with-param name="rule" select="$rule"/></xsl:call-template>
        </xsl:for-each>
        <xsl:if test="/page/form-rows/act[not(@open)]">
          <details class="rule-more">
            <summary>More actions</summary>
            <xsl:for-each select="/page/form-rows/act[not(@open)]">
              <xsl:call-template name="rule-act-row"><xsl:with-param name="rule" select="$rule"/></xsl:call-template>
            </xsl:for-each>
          </details>
        </xsl:if>
      </fieldset>

      <div class="form-actions"><button type="submit" class="btn btn-primary"><xsl:value-of select="$submit"/></button></div>
    </form>
  </xsl:template>

  <!-- condition row @n of the form (context: a form-rows/cond) -->
  <xsl:template name="rule-cond-row">
    <xsl:param name="rule"/>
    <xsl:variable name="n" select="string(@n)"/>
    <xsl:variable name="c" select="$rule/condition[@n = $n]"/>
    <div class="form-row form-row-3 rule-cond">
      <xsl:call-template name="rule-select">
        <xsl:with-param name="name" select="concat('cond_field_', $n)"/><xsl:with-param name="label" select="concat('Condition ', $n + 1)"/>
        <xsl:with-param name="choices" select="'field'"/><xsl:with-param name="value" select="string($c/@field)"/>
        <xsl:with-param name="empty" select="'—'"/>
      </xsl:call-template>
      <xsl:call-template name="rule-select">
        <xsl:with-param name="name" select="concat('cond_op_', $n)"/><xsl:with-param name="label" select="'is'"/>
        <xsl:with-param name="choices" select="'op'"/><xsl:with-param name="value" select="string($c/@op)"/>
        <xsl:with-param name="empty" select="'—'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'rule'"/><xsl:with-param name="name" select="concat('cond_value_', $n)"/>
        <xsl:with-param name="label" select="'Value'"/><xsl:with-param name="value" select="string($c/@value)"/>
      </xsl:call-template>
    </div>
  </xsl:template>

  <!-- action row @n of the form (context: a form-rows/act) -->
  <xsl:template name="rule-act-row">
    <xsl:param name="rule"/>
    <xsl:variable name="n" select="string(@n)"/>
    <xsl:variable name="a" select="$rule/action[@n = $n]"/>
    <fieldset class="form-section rule-act">
      <legend>Action <xsl:value-of select="$n + 1"/></legend>
      <div class="form-row">
        <xsl:call-template name="rule-select">
          <xsl:with-param name="name" select="concat('act_kind_', $n)"/><xsl:with-param name="label" select="'Do'"/>
          <xsl:with-param name="choices" select="'action'"/><xsl:with-param name="value" select="string($a/@kind)"/>
          <xsl:with-param name="empty" select="'—'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'rule'"/><xsl:with-param name="name" select="concat('act_text_', $n)"/>
          <xsl:with-param name="label" select="'Title, subject or note'"/><xsl:with-param name="value" select="string($a/@text)"/>
        </xsl:call-template>
      </div>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'rule'"/><xsl:with-param name="name" select="concat('act_body_', $n)"/>
        <xsl:with-param name="label" select="'Message, e-mail text or health note'"/><xsl:with-param name="type" select="'textarea'"/>
        <xsl:with-param name="rows" select="'3'"/><xsl:with-param name="value" select="string($a/@body)"/>
      </xsl:call-template>
      <div class="form-row">
        <xsl:call-template name="rule-select">
          <xsl:with-param name="name" select="concat('act_who_', $n)"/><xsl:with-param name="label" select="'To or assigned to'"/>
          <xsl:with-param name="choices" select="'who'"/><xsl:with-param name="value" select="string($a/@who)"/>
          <xsl:with-param name="empty" select="'—'"/>
        </xsl:call-template>
        <xsl:call-template name="rule-select">
          <xsl:with-param name="name" select="concat('act_value_', $n)"/><xsl:with-param name="label" select="'Health, message kind or endpoint'"/>
          <xsl:with-param name="choices" select="'value'"/><xsl:with-param name="value" select="string($a/@value)"/>
          <xsl:with-param name="empty" select="'—'"/>
        </xsl:call-template>
      </div>
      <div class="form-row form-row-3">
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'rule'"/><xsl:with-param name="name" select="concat('act_start_', $n)"/>
          <xsl:with-param name="label" select="'Task starts (working day)'"/><xsl:with-param name="type" select="'number'"/>
          <xsl:with-param name="value" select="string($a/@start)"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'rule'"/><xsl:with-param name="name" select="concat('act_due_', $n)"/>
          <xsl:with-param name="label" select="'Task due (working day)'"/><xsl:with-param name="type" select="'number'"/>
          <xsl:with-param name="value" select="string($a/@due)"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'rule'"/><xsl:with-param name="name" select="concat('act_visible_', $n)"/>
          <xsl:with-param name="label" select="'Task is client-visible'"/><xsl:with-param name="type" select="'checkbox'"/>
          <xsl:with-param name="value" select="string($a/@visible)"/>
        </xsl:call-template>
      </div>
    </fieldset>
  </xsl:template>

  <!-- what the form's words mean: the condition fields and their values, the placeholders -->
  <xsl:template name="rule-help">
    <section class="card" aria-labelledby="help-fields-h">
      <div class="card-head"><h2 id="help-fields-h">Condition fields</h2></div>
      <div class="card-body">
        <ul class="flag-list rule-fields">
          <xsl:for-each select="/page/choices[@for = 'field']/option">
            <li>
              <strong><xsl:value-of select="text()"/></strong>
              <span class="muted"> (<code><xsl:value-of select="@value"/></code>): </span>
              <xsl:choose>
                <xsl:when test="word"><xsl:for-each select="word"><xsl:if test="position() &gt; 1">, </xsl:if><code><xsl:value-of select="."/></code></xsl:for-each></xsl:when>
                <xsl:when test="@type = 'bool'"><code>1</code> yes, <code>0</code> no</xsl:when>
                <xsl:when test="@type = 'id'">an id (the client's)</xsl:when>
                <xsl:otherwise>a number</xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ul>
        <p class="hint">Comparisons: “is” and “is not” for words, ids and yes/no; below, at most, equal to, at least, above for numbers.</p>
      </div>
    </section>
    <section class="card" aria-labelledby="help-places-h">
      <div class="card-head"><h2 id="help-places-h">Placeholders</h2></div>
      <div class="card-body">
        <dl class="facts">
          <xsl:for-each select="/page/placeholders/place">
            <dt><code>{<xsl:value-of select="@name"/>}</code></dt>
            <dd><xsl:value-of select="."/></dd>
          </xsl:for-each>
        </dl>
        <p class="hint">A task's start and due are working days from the day of the trigger (0: that day). The text is put in as it is, never as markup.</p>
      </div>
    </section>
  </xsl:template>

  <!-- ============================================================ new rule -->

  <xsl:template match="page[@name='automation-new']" mode="main">
    <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/settings/automations">Automations</a></nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'New rule'"/>
      <xsl:with-param name="sub">
        <xsl:choose>
          <xsl:when test="preset">From the preset “<xsl:value-of select="rule/@name"/>”: change what you need, then save.</xsl:when>
          <xsl:otherwise>When this happens, if that holds, then do these.</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
    <div class="grid-main-side">
      <div class="col-main">
        <section class="card" aria-label="Rule">
          <xsl:call-template name="rule-form">
            <xsl:with-param name="rule" select="rule"/>
            <xsl:with-param name="action" select="'/settings/automations'"/>
            <xsl:with-param name="submit" select="'Save rule'"/>
          </xsl:call-template>
        </section>
      </div>
      <div class="col-side"><xsl:call-template name="rule-help"/></div>
    </div>
  </xsl:template>

  <!-- ============================================================ one rule -->

  <xsl:template match="page[@name='automation']" mode="main">
    <xsl:variable name="r" select="rule"/>
    <xsl:variable name="may" select="$r/@may-change = '1'"/>
    <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/settings/automations">Automations</a></nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="string($r/@name)"/>
      <xsl:with-param name="meta">
        <span class="meta-item"><xsl:call-template name="rule-onoff"><xsl:with-param name="enabled" select="string($r/@enabled)"/></xsl:call-template></span>
        <span class="meta-item">Owner: <xsl:value-of select="$r/@owner-name"/></span>
        <span class="meta-item"><xsl:value-of select="$r/@runs"/> run<xsl:if test="$r/@runs != '1'">s</xsl:if></span>
      </xsl:with-param>
      <xsl:with-param name="actions">
        <a class="btn" href="/settings/automations/{$r/@id}/try">Try against a past event</a>
        <xsl:if test="$may">
          <form method="post" action="/settings/automations/{$r/@id}/enabled" class="inline-form">
            <xsl:call-template name="csrf"/>
            <xsl:choose>
              <xsl:when test="$r/@enabled = '1'"><input type="hidden" name="enabled" value="0"/><button type="submit" class="btn btn-danger">Switch off</button></xsl:when>
              <xsl:otherwise><input type="hidden" name="enabled" value="1"/><button type="submit" class="btn btn-primary">Switch on</button></xsl:otherwise>
            </xsl:choose>
          </form>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'enabled'"/></xsl:call-template>

    <div class="grid-main-side">
      <div class="col-main">
        <section class="card" aria-labelledby="summary-h">
          <div class="card-head"><h2 id="summary-h">The rule</h2></div>
          <div class="card-body">
            <xsl:call-template name="rule-summary"><xsl:with-param name="rule" select="$r"/></xsl:call-template>
            <xsl:if test="not($may)"><p class="hint">Only its owner or an admin can change this rule.</p></xsl:if>
          </div>
        </section>

        <section class="card" aria-labelledby="log-h">
          <div class="card-head"><h2 id="log-h">Run log</h2><span class="card-aside">newest first</span></div>
          <div class="card-body">
            <xsl:call-template name="run-list"><xsl:with-param name="runs" select="runs/run"/><xsl:with-param name="empty" select="'This rule has not run yet.'"/></xsl:call-template>
          </div>
          <xsl:apply-templates select="pager"/>
        </section>

        <xsl:if test="$may">
          <section class="card" aria-labelledby="edit-h">
            <div class="card-head"><h2 id="edit-h">Change the rule</h2></div>
            <xsl:call-template name="rule-form">
              <xsl:with-param name="rule" select="$r"/>
              <xsl:with-param name="action" select="concat('/settings/automations/', $r/@id)"/>
              <xsl:with-param name="submit" select="'Save changes'"/>
            </xsl:call-template>
          </section>

          <section class="card card-danger card-narrow" aria-labelledby="delete-h">
            <div class="card-head"><h2 id="delete-h">Delete the rule</h2></div>
            <form method="post" action="/settings/automations/{$r/@id}/delete" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'delete'"/></xsl:call-template>
              <p>The rule and its run log are deleted; what it did (tasks, messages, e-mails) stays. This cannot be undone: switching it off keeps the log.</p>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'delete'"/><xsl:with-param name="name" select="'confirm'"/>
                <xsl:with-param name="label" select="'Yes, delete this rule and its run log'"/><xsl:with-param name="type" select="'checkbox'"/>
                <xsl:with-param name="required" select="true()"/>
              </xsl:call-template>
              <div class="form-actions"><button type="submit" class="btn btn-danger">Delete rule</button></div>
            </form>
          </section>
        </xsl:if>
      </div>
      <div class="col-side"><xsl:if test="$may"><xsl:call-template name="rule-help"/></xsl:if></div>
    </div>
  </xsl:template>

  <!-- ============================================================ try -->

  <xsl:template match="page[@name='automation-try']" mode="main">
    <xsl:variable name="r" select="rule"/>
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/settings/automations">Automations</a>
      <span class="crumb-sep" aria-hidden="true">/</span>
      <a href="/settings/automations/{$r/@id}"><xsl:value-of select="$r/@name"/></a>
    </nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Try the rule'"/>
      <xsl:with-param name="sub">What “<xsl:value-of select="$r/@name"/>” would do, as things are now. Nothing is written, sent or changed.</xsl:with-param>
      <xsl:with-param name="meta">
        <span class="meta-item"><xsl:call-template name="rule-when"><xsl:with-param name="label" select="string($r/@trigger-label)"/><xsl:with-param name="kind" select="string($r/@trigger-kind)"/><xsl:with-param name="days" select="string($r/@days)"/><xsl:with-param name="code" select="string($r/@trigger)"/></xsl:call-template></span>
      </xsl:with-param>
    </xsl:call-template>

    <xsl:choose>
      <xsl:when test="events">
        <section class="card" aria-labelledby="events-h">
          <div class="card-head"><h2 id="events-h">Choose a past event</h2><span class="card-aside">the latest 20 of this trigger</span></div>
          <xsl:choose>
            <xsl:when test="events/event">
              <div class="table-wrap">
                <table class="table t-rule-events">
                  <thead><tr><th scope="col">Event</th><th scope="col">Project</th><th scope="col">When</th><th scope="col"></th></tr></thead>
                  <tbody>
                    <xsl:for-each select="events/event">
                      <tr>
                        <td><code>#<xsl:value-of select="@id"/></code><span class="row-sub"><xsl:value-of select="@type"/></span></td>
                        <td><xsl:value-of select="@project-name"/><xsl:if test="normalize-space(@client-name) != ''"><span class="row-sub"><xsl:value-of select="@client-name"/></span></xsl:if></td>
                        <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@created-at)"/></xsl:call-template></td>
                        <td><a class="btn btn-sm" href="/settings/automations/{$r/@id}/try?event_id={@id}">Try this one</a></td>
                      </tr>
                    </xsl:for-each>
                  </tbody>
                </table>
              </div>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="empty-state"><xsl:with-param name="title" select="'No event of this kind yet'"/><xsl:with-param name="text" select="'When one happens, it can be tried here.'"/></xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
        </section>
        <section class="card card-narrow" aria-labelledby="by-id-h">
          <div class="card-head"><h2 id="by-id-h">Or an event by its number</h2></div>
          <form method="get" action="/settings/automations/{$r/@id}/try" class="form card-body">
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'try'"/><xsl:with-param name="name" select="'event_id'"/>
              <xsl:with-param name="label" select="'Event number'"/><xsl:with-param name="type" select="'number'"/>
              <xsl:with-param name="min" select="'1'"/><xsl:with-param name="required" select="true()"/>
            </xsl:call-template>
            <div class="form-actions"><button type="submit" class="btn btn-primary">Try</button></div>
          </form>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <section class="card" aria-labelledby="results-h">
          <div class="card-head">
            <h2 id="results-h">
              <xsl:choose>
                <xsl:when test="results/@event-id">For event #<xsl:value-of select="results/@event-id"/></xsl:when>
                <xsl:otherwise>For today</xsl:otherwise>
              </xsl:choose>
            </h2>
            <xsl:if test="results/@event-id"><a class="card-link" href="/settings/automations/{$r/@id}/try">Choose another event</a></xsl:if>
          </div>
          <div class="card-body">
            <xsl:choose>
              <xsl:when test="results/log">
                <ol class="report-list">
                  <xsl:for-each select="results/log">
                    <li class="report-item rule-run">
                      <p class="report-item-head">
                        <xsl:choose>
                          <xsl:when test="@state = 'done'"><span class="badge status-on">Would act</span></xsl:when>
                          <xsl:when test="@state = 'skipped'"><span class="badge neutral">Would skip: a condition does not hold</span></xsl:when>
                          <xsl:otherwise><xsl:call-template name="run-state"><xsl:with-param name="state" select="string(@state)"/></xsl:call-template></xsl:otherwise>
                        </xsl:choose>
                        <code><xsl:value-of select="@subject"/></code>
                      </p>
                      <xsl:if test="normalize-space(@error) != ''"><p class="field-error"><xsl:value-of select="@error"/></p></xsl:if>
                      <xsl:apply-templates select="."/>
                    </li>
                  </xsl:for-each>
                </ol>
              </xsl:when>
              <xsl:otherwise><p class="empty-inline">Nothing to act on: no subject is due today for this trigger.</p></xsl:otherwise>
            </xsl:choose>
          </div>
        </section>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ a project's runs -->

  <xsl:template match="page[@name='automation-project']" mode="main">
    <xsl:variable name="p" select="project"/>
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/projects">Projects</a>
      <span class="crumb-sep" aria-hidden="true">/</span>
      <a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a>
    </nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Automations'"/>
      <xsl:with-param name="sub">What the rules did on <xsl:value-of select="$p/@name"/>, newest first.</xsl:with-param>
      <xsl:with-param name="actions"><a class="btn" href="/settings/automations">All rules</a></xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'automations'"/></xsl:call-template>
    <section class="card" aria-labelledby="plog-h">
      <div class="card-head"><h2 id="plog-h">Run log</h2></div>
      <div class="card-body">
        <xsl:call-template name="run-list"><xsl:with-param name="runs" select="runs/run"/><xsl:with-param name="with-rule" select="true()"/><xsl:with-param name="empty" select="'No rule has run on this project yet.'"/></xsl:call-template>
      </div>
      <xsl:apply-templates select="pager"/>
    </section>
  </xsl:template>

</xsl:stylesheet>
