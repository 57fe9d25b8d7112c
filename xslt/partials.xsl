<?xml version="1.0" encoding="UTF-8"?>
<!--
  partials.xsl - domain pieces several page families show (included by layout.xsl).

  Templates (parameters; a parameter not given takes the default shown)
    stage-label       stage → "Initiation" | "Planning" | "Execution" | "Closure".
    health-label      health → "On track" | "At risk" | "Off track".
    role-label        role → "Admin" | "Project manager" | "Team member" | "Client".
    stage-badge       stage → coloured pill with the capitalised stage name.
    health-badge      health → pill with a green/amber/red dot (CSS) and its label.
    shared-badge      shared (boolean: the client sees it) → "Shared with client" or
                      "Internal" (documents, message threads).
    stage-stepper     stage; compact (false()) → the four stages as an ordered list,
                      earlier ones done, the current one marked aria-current="step".
    progress-figure   the project's progress bar and the sentence saying what it counts.
    unpriced-warning  the note on time no rate prices (/page/unpriced), PMs and admins.
    activity-list     items (activity elements), show-project (true()),
                      link-base ('/projects/', the project link is link-base + @project-id),
                      empty ('No activity yet.') → the activity timeline.
    activity-sentence the words of one activity line (the table of kinds).
    client-delay-days days (working days) → "12 working days lost waiting on client input"
                      (issue 16: the project's days waited on the client, delay.h).
    client-delay-table  context: a <client-delays> (delay_view_project) → the table of its
                      <period>s: what waited, what for, from, until, working days.
  Modes (project pages, the report, the portal's project): match="project" mode="title"
  writes a project's name and code as a page head's title; mode="stage-health" its stage
  and health badges as two span.meta-item of the page head's meta line.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- the four stages' labels are their capitalised names -->
  <xsl:template name="stage-label">
    <xsl:param name="stage"/>
    <xsl:value-of select="concat(translate(substring($stage, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), substring($stage, 2))"/>
  </xsl:template>

  <xsl:template name="health-label">
    <xsl:param name="health"/>
    <xsl:value-of select="substring-before(substring-after(concat('|green=On track|amber=At risk|red=Off track|', $health, '=', $health, '|'), concat('|', $health, '=')), '|')"/>
  </xsl:template>

  <xsl:template name="role-label">
    <xsl:param name="role"/>
    <xsl:choose>
      <xsl:when test="$role = 'admin'">Admin</xsl:when>
      <xsl:when test="$role = 'pm'">Project manager</xsl:when>
      <xsl:when test="$role = 'member'">Team member</xsl:when>
      <xsl:when test="$role = 'client'">Client</xsl:when>
      <xsl:otherwise><xsl:value-of select="$role"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="stage-badge">
    <xsl:param name="stage"/>
    <span class="stage stage-{$stage}"><xsl:value-of select="concat(translate(substring($stage, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), substring($stage, 2))"/></span>
  </xsl:template>

  <!-- whether the client sees a document or a message thread -->
  <xsl:template name="shared-badge">
    <xsl:param name="shared"/>
    <xsl:choose>
      <xsl:when test="$shared"><span class="badge status-on">Shared with client</span></xsl:when>
      <xsl:otherwise><span class="badge neutral">Internal</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a project's name and its code, as the title of a page about it -->
  <xsl:template match="project" mode="title">
    <xsl:value-of select="@name"/>
    <xsl:if test="normalize-space(@code) != ''"><xsl:text> </xsl:text><span class="code code-lg"><xsl:value-of select="@code"/></span></xsl:if>
  </xsl:template>

  <!-- a project's stage and health, two items of the meta line under that title -->
  <xsl:template match="project" mode="stage-health">
    <span class="meta-item"><xsl:call-template name="stage-badge"><xsl:with-param name="stage" select="string(@stage)"/></xsl:call-template></span>
    <span class="meta-item"><xsl:call-template name="health-badge"><xsl:with-param name="health" select="string(@health)"/></xsl:call-template></span>
  </xsl:template>

  <!-- the dot is drawn by CSS (.health::before): one element per badge -->
  <xsl:template name="health-badge">
    <xsl:param name="health"/>
    <span class="health health-{$health}"><xsl:value-of select="substring-before(substring-after(concat('|green=On track|amber=At risk|red=Off track|', $health, '=', $health, '|'), concat('|', $health, '=')), '|')"/></span>
  </xsl:template>

  <xsl:template name="stage-stepper">
    <xsl:param name="stage"/>
    <xsl:param name="compact" select="false()"/>
    <xsl:variable name="n" select="1 * ($stage = 'initiation') + 2 * ($stage = 'planning') + 3 * ($stage = 'execution') + 4 * ($stage = 'closure')"/>
    <ol class="stepper">
      <xsl:if test="$compact"><xsl:attribute name="class">stepper stepper-compact</xsl:attribute></xsl:if>
      <xsl:call-template name="stage-step"><xsl:with-param name="i" select="1"/><xsl:with-param name="n" select="$n"/><xsl:with-param name="label" select="'Initiation'"/></xsl:call-template>
      <xsl:call-template name="stage-step"><xsl:with-param name="i" select="2"/><xsl:with-param name="n" select="$n"/><xsl:with-param name="label" select="'Planning'"/></xsl:call-template>
      <xsl:call-template name="stage-step"><xsl:with-param name="i" select="3"/><xsl:with-param name="n" select="$n"/><xsl:with-param name="label" select="'Execution'"/></xsl:call-template>
      <xsl:call-template name="stage-step"><xsl:with-param name="i" select="4"/><xsl:with-param name="n" select="$n"/><xsl:with-param name="label" select="'Closure'"/></xsl:call-template>
    </ol>
  </xsl:template>

  <xsl:template name="stage-step">
    <xsl:param name="i"/>
    <xsl:param name="n"/>
    <xsl:param name="label"/>
    <li>
      <xsl:attribute name="class">
        <xsl:choose>
          <xsl:when test="$i &lt; $n">step is-done</xsl:when>
          <xsl:when test="$i = $n">step is-current</xsl:when>
          <xsl:otherwise>step</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="$i = $n"><xsl:attribute name="aria-current">step</xsl:attribute></xsl:if>
      <span class="step-marker" aria-hidden="true">
        <xsl:choose>
          <xsl:when test="$i &lt; $n">✓</xsl:when>
          <xsl:otherwise><xsl:value-of select="$i"/></xsl:otherwise>
        </xsl:choose>
      </span>
      <span class="step-label">
        <xsl:value-of select="$label"/>
        <xsl:choose>
          <xsl:when test="$i &lt; $n"><span class="sr-only"> (done)</span></xsl:when>
          <xsl:when test="$i = $n"><span class="sr-only"> (current stage)</span></xsl:when>
        </xsl:choose>
      </span>
    </li>
  </xsl:template>

  <!-- The progress figure (issue 10): a bar and a sentence that says what it counts. The
       figure is computed once, in SQL (PROJECT_PROGRESS in include/stmt_sql.h); every page
       passes its attributes here: progress 0-100, basis (estimates|tasks|none), tasks done and
       all, milestones reached and all (empty for a snapshot older than migration 012). -->
  <xsl:template name="progress-figure">
    <xsl:param name="progress" select="@progress"/>
    <xsl:param name="basis" select="@progress-basis"/>
    <xsl:param name="done" select="@tasks-done"/>
    <xsl:param name="total" select="@tasks-total"/>
    <xsl:param name="ms-reached" select="@milestones-reached"/>
    <xsl:param name="ms-total" select="@milestones-total"/>
    <xsl:variable name="v" select="number($progress)"/>
    <xsl:if test="$v = $v">
      <xsl:variable name="pct" select="100 * ($v &gt; 100) + round($v) * ($v &gt;= 0 and $v &lt;= 100)"/>
      <div class="progress-wrap">
        <progress class="progress" max="100" value="{$pct}" aria-label="Progress"><xsl:value-of select="$pct"/> %</progress>
        <span class="progress-label">
          <xsl:choose>
            <xsl:when test="string($basis) = 'none'">No tasks planned yet</xsl:when>
            <xsl:when test="string($basis) = 'estimates'"><xsl:value-of select="$pct"/> % of estimated work done</xsl:when>
            <xsl:when test="string($basis) = 'tasks'"><xsl:value-of select="$pct"/> % of tasks done</xsl:when>
            <xsl:otherwise><xsl:value-of select="$pct"/> %</xsl:otherwise>
          </xsl:choose>
          <xsl:if test="string($basis) = 'estimates' or string($basis) = 'tasks'">
            <xsl:text> (</xsl:text><xsl:value-of select="$done"/> of <xsl:value-of select="$total"/> tasks)</xsl:if>
        </span>
        <xsl:if test="number($ms-total) &gt; 0">
          <span class="progress-label progress-milestones"><xsl:value-of select="$ms-reached"/> of <xsl:value-of select="$ms-total"/> milestones reached</span>
        </xsl:if>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- Time no rate in the project's currency priced (page/unpriced, issue 10): said on the
       budget and report pages, never converted. PMs and admins only (money). -->
  <xsl:template name="unpriced-warning">
    <xsl:variable name="u" select="/page/unpriced"/>
    <xsl:if test="$u/person and $can-manage">
      <section class="card card-warning unpriced-warning" role="note" aria-label="Time without a rate">
        <div class="card-body">
          <p><strong>No rate in <xsl:value-of select="$u/@currency"/></strong> for
            <xsl:for-each select="$u/person">
              <xsl:if test="position() &gt; 1"><xsl:choose><xsl:when test="position() = last()"> and </xsl:when><xsl:otherwise>, </xsl:otherwise></xsl:choose></xsl:if>
              <xsl:value-of select="@name"/> (<xsl:call-template name="hours"><xsl:with-param name="minutes" select="@minutes"/></xsl:call-template>)</xsl:for-each>:
            this time has no price and is left out of the money figures. Rates are never converted
            between currencies; an admin can add a rate in <xsl:value-of select="$u/@currency"/> under
            <a href="/settings/rates">Rates</a> (it prices time logged from then on).</p>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="activity-list">
    <xsl:param name="items" select="/.."/>
    <xsl:param name="show-project" select="true()"/>
    <xsl:param name="link-base" select="'/projects/'"/>
    <xsl:param name="empty" select="'No activity yet.'"/>
    <xsl:choose>
      <xsl:when test="not($items)">
        <p class="empty-inline"><xsl:value-of select="$empty"/></p>
      </xsl:when>
      <xsl:otherwise>
        <ol class="timeline">
          <xsl:for-each select="$items">
            <li class="kind-{@kind} to-{@to}">
              <p>
                <strong>
                  <xsl:value-of select="@user-name"/>
                  <xsl:if test="not(@user-name != '')">
                    <!-- a decision by e-mail link is the contact's (older lines have no user) -->
                    <xsl:choose>
                      <xsl:when test="@kind = 'approval_decided' and @from != ''"><xsl:value-of select="@from"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="$brand-name"/></xsl:otherwise>
                    </xsl:choose>
                  </xsl:if>
                </strong>
                <xsl:text> </xsl:text>
                <xsl:call-template name="activity-sentence">
                  <xsl:with-param name="show-project" select="$show-project"/>
                  <xsl:with-param name="link-base" select="$link-base"/>
                </xsl:call-template>
              </p>
              <xsl:if test="@kind = 'email' and @to != ''">
                <!-- issue 14: the e-mail itself, on its own page (staff) -->
                <p class="timeline-note"><a href="/inbox/{@to}">“<xsl:value-of select="@note"/>”</a></p>
              </xsl:if>
              <xsl:if test="@note != '' and @kind != 'approval_decided' and @kind != 'email'">
                <p class="timeline-note"><xsl:if test="@note-internal = '1'"><span class="muted">Internal note (not shown to the client): </span></xsl:if><xsl:value-of select="@note"/></p>
              </xsl:if>
              <time datetime="{@at}"><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@at)"/></xsl:call-template></time>
              <xsl:if test="$is-staff and @client-visible = '1'">
                <span class="timeline-client" title="Shown in the client portal">· client sees this</span>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the words after the user's name; context node is one activity -->
  <xsl:template name="activity-sentence">
    <xsl:param name="show-project" select="true()"/>
    <xsl:param name="link-base" select="'/projects/'"/>
    <xsl:variable name="k" select="string(@kind)"/>
    <!-- kind → words; an unknown kind is shown as it is -->
    <xsl:variable name="words" select="'|created=created|updated=updated|stage=moved|health=changed the health of|client_created=added the client|budget=crossed a budget threshold on|kpi=updated a KPI of|status_report=published a status report on|approval_requested=asked for an approval in|approval_decided=recorded an approval decision in|document_added=added a document to|document_version=added a document version in|thread_started=started a thread in|thread_reply=replied to a thread in|milestone_reached=reached a milestone in|task_planned=planned a task in|task_completed=completed a task in|tasks_rescheduled=rescheduled tasks in|risk_added=added a risk to|change_approved=approved a change in|change_rejected=rejected a change in|contact_access=changed the portal access of a contact of|contact_deactivated=deactivated a contact of|contact_reactivated=reactivated a contact of|automation_note=added a note to|report_drafted=started a status report draft for|template_used=planned from a template|client_wait=marked as waiting on the client in|client_wait_cleared=cleared a wait on the client in|closed_anyway=closed with items still open|review_passed=passed a review in|review_returned=sent a version back in|debrief=wrote the debrief of|email=wrote by e-mail about|'"/>
    <xsl:choose>
      <xsl:when test="$k = 'approval_decided'">
        <!-- who decided and how: the contact (@from) and the outcome (@to); staff recording it
             on the contact's behalf say so; the subject's title is the note -->
        <xsl:if test="@user-name != '' and @from != '' and @user-name != @from">
          <xsl:text>recorded that </xsl:text><xsl:value-of select="@from"/><xsl:text> </xsl:text>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="@to = 'approve'">approved</xsl:when>
          <xsl:when test="@to = 'changes'">requested changes to</xsl:when>
          <xsl:otherwise>decided on</xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text>
        <xsl:choose>
          <xsl:when test="@note != ''">“<xsl:value-of select="@note"/>”</xsl:when>
          <xsl:otherwise>an approval request</xsl:otherwise>
        </xsl:choose>
        <xsl:text> in</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="substring-before(substring-after(concat($words, $k, '=', $k, '|'), concat('|', $k, '=')), '|')"/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="$k = 'client_created' or starts-with($k, 'contact_')">
        <a href="/clients/{@client-id}"><xsl:value-of select="@client-name"/></a>
      </xsl:when>
      <xsl:when test="$show-project and @project-name != ''">
        <a href="{$link-base}{@project-id}"><xsl:value-of select="@project-name"/></a>
      </xsl:when>
      <xsl:otherwise>the project</xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$k = 'thread_reply' and @from = 'email'"> by e-mail</xsl:if>
    <xsl:if test="$k = 'stage' or $k = 'health'">
      <xsl:variable name="from" select="string(@from)"/>
      <xsl:variable name="to" select="string(@to)"/>
      <xsl:if test="$from != ''">
        <xsl:text> from </xsl:text>
        <span class="em">
          <xsl:choose>
            <xsl:when test="$k = 'stage'"><xsl:value-of select="concat(translate(substring($from, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), substring($from, 2))"/></xsl:when>
            <xsl:otherwise><xsl:call-template name="health-label"><xsl:with-param name="health" select="$from"/></xsl:call-template></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:if>
      <xsl:text> to </xsl:text>
      <span class="em">
        <xsl:choose>
          <xsl:when test="$k = 'stage'"><xsl:value-of select="concat(translate(substring($to, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), substring($to, 2))"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="health-label"><xsl:with-param name="health" select="$to"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </span>
    </xsl:if>
  </xsl:template>

  <!-- issue 16: the days a project waited on its client (working days, delay.h) -->
  <xsl:template name="client-delay-days">
    <xsl:param name="days"/>
    <xsl:choose>
      <xsl:when test="$days = 1">1 working day lost waiting on client input</xsl:when>
      <xsl:when test="$days &gt; 1"><xsl:value-of select="$days"/> working days lost waiting on client input</xsl:when>
      <xsl:otherwise>No working day lost waiting on client input</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- issue 16: a <client-delays>'s periods as a table (the delays page, the project report) -->
  <xsl:template name="client-delay-table">
    <xsl:variable name="pid" select="@project-id"/>
    <div class="table-wrap"><table class="table t-delays">
      <thead><tr><th scope="col">Waiting on</th><th scope="col">For</th><th scope="col">From</th><th scope="col">Until</th><th scope="col" class="num">Working days</th></tr></thead>
      <tbody>
        <xsl:for-each select="period">
          <tr>
            <td>
              <xsl:choose>
                <xsl:when test="@kind = 'task'">Task <a href="/tasks/{@item-id}"><xsl:value-of select="@item"/></a></xsl:when>
                <xsl:when test="@kind = 'milestone'">Milestone <a href="/projects/{$pid}/tasks"><xsl:value-of select="@item"/></a></xsl:when>
                <xsl:when test="@kind = 'approval'">Approval of <a href="/documents/{@item-id}"><xsl:value-of select="@item"/></a></xsl:when>
                <xsl:otherwise>Decision on change <a href="/projects/{$pid}/changes"><xsl:value-of select="@item"/></a></xsl:otherwise>
              </xsl:choose>
            </td>
            <td>
              <xsl:choose>
                <xsl:when test="@kind = 'approval'">asked of <xsl:value-of select="@what"/></xsl:when>
                <xsl:when test="@kind = 'change'">the client's decision</xsl:when>
                <xsl:otherwise><xsl:value-of select="@what"/></xsl:otherwise>
              </xsl:choose>
            </td>
            <td><xsl:call-template name="date"><xsl:with-param name="iso" select="@from"/></xsl:call-template></td>
            <td><xsl:choose><xsl:when test="@open"><span class="badge wait-open">still waiting</span></xsl:when><xsl:otherwise><xsl:call-template name="date"><xsl:with-param name="iso" select="@to"/></xsl:call-template></xsl:otherwise></xsl:choose></td>
            <td class="num"><xsl:value-of select="@days"/></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table></div>
  </xsl:template>

</xsl:stylesheet>
