<?xml version="1.0" encoding="UTF-8"?>
<!--
  reports.xsl - status reports (src/page_report.c), for staff and the client's contacts.
    status-reports  <project id name code client-id client-name stage health pm-name/>
                    <reports><report id period health state summary summary-cut author published-at
                    updated-at/></reports><pager/>; managers: <new-report period health summary done since
                    milestones tasks/> and form "report" (POST /projects/{id}/status-reports: period_date,
                    health, summary, done, next, risks, decisions, include_budget)
    status-report   <project …/><report id project-id period health summary done next risks decisions
                    include-budget state author published-at published-by created-at updated-at snap-stage
                    snap-progress snap-budget-minutes snap-spent-minutes snap-budget-amount snap-spent-amount
                    snap-currency/>; a draft also <figures stage progress budget-minutes spent-minutes
                    budget-amount spent-amount currency/> (today's); <next-milestones><milestone id name
                    due-date/></next-milestones>; <client-wait-days days as-of="today|publication"/> (issue 16:
                    the working days the project waited on the client: today's for a draft, the snapshot
                    once published, absent for reports published before it was kept); managers on a draft: form "report" (POST
                    /status-reports/{id}) and form "publish" (POST /status-reports/{id}/publish: confirm)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>
  <xsl:include href="plan-common.xsl"/>

  <xsl:variable name="health-choices" select="'green=On track|amber=At risk|red=Off track'"/>

  <xsl:template name="report-state">
    <xsl:param name="state"/>
    <xsl:choose>
      <xsl:when test="$state = 'published'"><span class="badge status-on">Published</span></xsl:when>
      <xsl:otherwise><span class="badge neutral">Draft</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the fields of a report (new or edited); $v: the element holding the values -->
  <xsl:template name="report-fields">
    <xsl:param name="v"/>
    <div class="form-row">
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'report'"/>
        <xsl:with-param name="name" select="'period_date'"/>
        <xsl:with-param name="label" select="'As of'"/>
        <xsl:with-param name="type" select="'date'"/>
        <xsl:with-param name="value" select="string($v/@period)"/>
        <xsl:with-param name="required" select="true()"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'report'"/>
        <xsl:with-param name="name" select="'health'"/>
        <xsl:with-param name="label" select="'Health'"/>
        <xsl:with-param name="type" select="'select'"/>
        <xsl:with-param name="choices" select="$health-choices"/>
        <xsl:with-param name="value" select="string($v/@health)"/>
      </xsl:call-template>
    </div>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="'report'"/>
      <xsl:with-param name="name" select="'summary'"/>
      <xsl:with-param name="label" select="'Summary'"/>
      <xsl:with-param name="type" select="'textarea'"/>
      <xsl:with-param name="rows" select="3"/>
      <xsl:with-param name="value" select="string($v/@summary)"/>
      <xsl:with-param name="required" select="true()"/>
      <xsl:with-param name="hint" select="'What the client reads first: where the project stands, in two or three sentences.'"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="'report'"/>
      <xsl:with-param name="name" select="'done'"/>
      <xsl:with-param name="label" select="'Done this period'"/>
      <xsl:with-param name="type" select="'textarea'"/>
      <xsl:with-param name="rows" select="5"/>
      <xsl:with-param name="value" select="string($v/@done)"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="'report'"/>
      <xsl:with-param name="name" select="'next'"/>
      <xsl:with-param name="label" select="'Next steps'"/>
      <xsl:with-param name="type" select="'textarea'"/>
      <xsl:with-param name="value" select="string($v/@next)"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="'report'"/>
      <xsl:with-param name="name" select="'risks'"/>
      <xsl:with-param name="label" select="'Risks and issues'"/>
      <xsl:with-param name="type" select="'textarea'"/>
      <xsl:with-param name="value" select="string($v/@risks)"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="'report'"/>
      <xsl:with-param name="name" select="'decisions'"/>
      <xsl:with-param name="label" select="'Decisions needed from the client'"/>
      <xsl:with-param name="type" select="'textarea'"/>
      <xsl:with-param name="value" select="string($v/@decisions)"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="'report'"/>
      <xsl:with-param name="name" select="'include_budget'"/>
      <xsl:with-param name="label" select="'Include the budget in money (hours are always shown)'"/>
      <xsl:with-param name="type" select="'checkbox'"/>
      <xsl:with-param name="value" select="string($v/@include-budget)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ the list -->

  <xsl:template match="page[@name='status-reports']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow">
        <xsl:choose>
          <xsl:when test="$is-staff"><a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:when>
          <xsl:otherwise><a href="/portal/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:otherwise>
        </xsl:choose>
        <xsl:text> · </xsl:text><xsl:value-of select="$p/@client-name"/>
      </xsl:with-param>
      <xsl:with-param name="title" select="'Status reports'"/>
      <xsl:with-param name="sub" select="substring('Drafts are seen by staff only; a published report is sent to the client and kept as it was.', 1, 200 * $is-staff)"/>
    </xsl:call-template>
    <xsl:if test="$is-staff">
      <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'reports'"/></xsl:call-template>
    </xsl:if>

    <section class="card" aria-labelledby="reports-h">
      <div class="card-head"><h2 id="reports-h">Reports</h2><span class="card-count"><xsl:value-of select="pager/@total"/></span></div>
      <xsl:choose>
        <xsl:when test="reports/report">
          <div class="card-body">
          <ol class="report-list">
            <xsl:for-each select="reports/report">
              <li class="report-item">
                <p class="report-item-head">
                  <a class="report-item-title" href="/status-reports/{@id}">
                    <xsl:text>As of </xsl:text>
                    <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@period)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template>
                  </a>
                  <xsl:call-template name="health-badge"><xsl:with-param name="health" select="string(@health)"/></xsl:call-template>
                  <xsl:if test="$is-staff"><xsl:call-template name="report-state"><xsl:with-param name="state" select="string(@state)"/></xsl:call-template></xsl:if>
                </p>
                <p class="report-item-summary"><xsl:value-of select="@summary"/><xsl:if test="@summary-cut = '1'">…</xsl:if></p>
                <p class="row-sub">
                  <xsl:choose>
                    <xsl:when test="@state = 'published'">Published <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@published-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></xsl:when>
                    <xsl:otherwise>Last saved <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@updated-at)"/></xsl:call-template></xsl:otherwise>
                  </xsl:choose>
                  <xsl:if test="@author != ''"> · by <xsl:value-of select="@author"/></xsl:if>
                </p>
              </li>
            </xsl:for-each>
          </ol>
          <xsl:call-template name="pager"/>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <div class="card-body">
            <xsl:call-template name="empty-state">
              <xsl:with-param name="title" select="'No status reports yet'"/>
              <xsl:with-param name="text" select="substring('Write the first one below: it starts as a draft that only staff can see.', 1, 200 * boolean(new-report))"/>
            </xsl:call-template>
          </div>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <xsl:if test="new-report">
      <xsl:variable name="n" select="new-report"/>
      <section class="card" id="new" aria-labelledby="new-h">
        <div class="card-head"><h2 id="new-h">Write a new report</h2></div>
        <form method="post" action="/projects/{$p/@id}/status-reports" class="form card-body">
          <xsl:call-template name="csrf"/>
          <p class="muted">
            <xsl:text>Prefilled with the project's health and the facts </xsl:text>
            <xsl:choose>
              <xsl:when test="$n/@since != ''">since the last report (as of <xsl:call-template name="date"><xsl:with-param name="iso" select="string($n/@since)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template>)</xsl:when>
              <xsl:otherwise>so far</xsl:otherwise>
            </xsl:choose>
            <xsl:text>: </xsl:text><xsl:value-of select="$n/@milestones"/> milestones reached, <xsl:value-of select="$n/@tasks"/> tasks completed (client-visible ones listed by name). Edit freely: it is saved as a draft.
          </p>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'report'"/></xsl:call-template>
          <xsl:call-template name="report-fields"><xsl:with-param name="v" select="$n"/></xsl:call-template>
          <button type="submit" class="btn btn-primary">Save draft</button>
        </form>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ one report -->

  <xsl:template match="page[@name='status-report']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:variable name="r" select="report"/>
    <xsl:variable name="draft" select="$r/@state = 'draft'"/>
    <!-- the snapshot once published, today's figures for a draft (only one of them exists) -->
    <xsl:variable name="stage" select="string(($r/@snap-stage | figures/@stage)[1])"/>
    <xsl:variable name="progress" select="string(($r/@snap-progress | figures/@progress)[1])"/>
    <xsl:variable name="budget-min" select="number(($r/@snap-budget-minutes | figures/@budget-minutes)[1])"/>
    <xsl:variable name="spent-min" select="number(($r/@snap-spent-minutes | figures/@spent-minutes)[1])"/>

    <nav class="breadcrumb no-print" aria-label="Breadcrumb"><a href="/projects/{$p/@id}/status-reports">All status reports</a></nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="class" select="'report-page-head'"/>
      <xsl:with-param name="eyebrow"><xsl:value-of select="$p/@client-name"/> · <xsl:value-of select="$p/@name"/>
        <xsl:if test="normalize-space($p/@code) != ''"><xsl:text> </xsl:text><span class="code"><xsl:value-of select="$p/@code"/></span></xsl:if></xsl:with-param>
      <xsl:with-param name="title">Status report · <xsl:call-template name="date"><xsl:with-param name="iso" select="string($r/@period)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></xsl:with-param>
      <xsl:with-param name="meta">
        <span class="meta-item"><xsl:call-template name="health-badge"><xsl:with-param name="health" select="string($r/@health)"/></xsl:call-template></span>
        <xsl:if test="$is-staff"><span class="meta-item"><xsl:call-template name="report-state"><xsl:with-param name="state" select="string($r/@state)"/></xsl:call-template></span></xsl:if>
        <span class="meta-item">
          <xsl:choose>
            <xsl:when test="$draft">Draft by <xsl:value-of select="$r/@author"/>, last saved <xsl:call-template name="date"><xsl:with-param name="iso" select="string($r/@updated-at)"/></xsl:call-template></xsl:when>
            <xsl:otherwise>Published <xsl:call-template name="date"><xsl:with-param name="iso" select="string($r/@published-at)"/></xsl:call-template>
              <xsl:if test="$r/@published-by != ''"> by <xsl:value-of select="$r/@published-by"/></xsl:if></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:if test="$is-staff">
      <div class="no-print"><xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'reports'"/></xsl:call-template></div>
    </xsl:if>

    <xsl:if test="$draft">
      <section class="card card-warning no-print" aria-label="Draft">
        <div class="card-body"><p><strong>Draft: the client cannot see it.</strong> The figures are today's; they are taken and kept as they are when you publish.</p></div>
      </section>
    </xsl:if>

    <dl class="stat-grid report-figures">
      <div class="stat-card">
        <dt class="stat-label">Stage</dt>
        <dd class="stat-value stat-text"><xsl:call-template name="stage-badge"><xsl:with-param name="stage" select="$stage"/></xsl:call-template></dd>
      </div>
      <div class="stat-card">
        <dt class="stat-label">Progress</dt>
        <dd class="stat-value stat-text">
          <span class="report-progress" data-progress="{$progress}">
            <xsl:call-template name="progress-figure">
              <xsl:with-param name="progress" select="$progress"/>
              <xsl:with-param name="basis" select="($r/@snap-progress-basis | figures/@progress-basis)[1]"/>
              <xsl:with-param name="done" select="($r/@snap-tasks-done | figures/@tasks-done)[1]"/>
              <xsl:with-param name="total" select="($r/@snap-tasks-total | figures/@tasks-total)[1]"/>
              <xsl:with-param name="ms-reached" select="($r/@snap-milestones-reached | figures/@milestones-reached)[1]"/>
              <xsl:with-param name="ms-total" select="($r/@snap-milestones-total | figures/@milestones-total)[1]"/>
            </xsl:call-template>
          </span>
        </dd>
      </div>
      <div class="stat-card">
        <dt class="stat-label">Hours used</dt>
        <dd class="stat-value stat-text tabular">
          <span class="report-hours"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$spent-min"/></xsl:call-template></span>
          <xsl:if test="$budget-min &gt; 0">
            <span class="muted"> of <xsl:call-template name="hours"><xsl:with-param name="minutes" select="$budget-min"/></xsl:call-template>
              (<xsl:value-of select="round(100 * $spent-min div $budget-min)"/> %)</span>
          </xsl:if>
        </dd>
      </div>
      <xsl:if test="$r/@include-budget = '1' and ($r/@snap-spent-amount | figures/@spent-amount)">
        <xsl:variable name="cur" select="string(($r/@snap-currency | figures/@currency)[1])"/>
        <xsl:variable name="budget-amt" select="number(($r/@snap-budget-amount | figures/@budget-amount)[1])"/>
        <xsl:variable name="spent-amt" select="number(($r/@snap-spent-amount | figures/@spent-amount)[1])"/>
        <div class="stat-card">
          <dt class="stat-label">Budget used</dt>
          <dd class="stat-value stat-text tabular">
            <span class="report-money"><xsl:call-template name="money"><xsl:with-param name="amount" select="$spent-amt"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template></span>
            <xsl:if test="$budget-amt &gt; 0">
              <span class="muted"> of <xsl:call-template name="money"><xsl:with-param name="amount" select="$budget-amt"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template>
                (<xsl:value-of select="round(100 * $spent-amt div $budget-amt)"/> %)</span>
            </xsl:if>
          </dd>
        </div>
      </xsl:if>
      <!-- issue 16: the days the project waited on the client (snapshotted at publication) -->
      <xsl:if test="client-wait-days[@as-of = 'today' or @days &gt; 0]">
        <div class="stat-card">
          <dt class="stat-label">Waiting on client input</dt>
          <dd class="stat-value stat-text tabular"><span class="report-wait-days"><xsl:value-of select="client-wait-days/@days"/></span> working day<xsl:if test="client-wait-days/@days != 1">s</xsl:if>
            <xsl:if test="client-wait-days/@as-of = 'today'"><span class="muted"> so far</span></xsl:if></dd>
        </div>
      </xsl:if>
    </dl>

    <article class="card report-body">
      <div class="card-body">
        <section class="report-section report-summary" aria-labelledby="sum-h">
          <h2 id="sum-h">Summary</h2>
          <p class="prose"><xsl:value-of select="$r/@summary"/></p>
        </section>
        <xsl:call-template name="report-section"><xsl:with-param name="id" select="'done'"/><xsl:with-param name="title" select="'Done this period'"/><xsl:with-param name="text" select="string($r/@done)"/></xsl:call-template>
        <xsl:call-template name="report-section"><xsl:with-param name="id" select="'next'"/><xsl:with-param name="title" select="'Next steps'"/><xsl:with-param name="text" select="string($r/@next)"/></xsl:call-template>
        <xsl:call-template name="report-section"><xsl:with-param name="id" select="'risks'"/><xsl:with-param name="title" select="'Risks and issues'"/><xsl:with-param name="text" select="string($r/@risks)"/></xsl:call-template>
        <xsl:call-template name="report-section"><xsl:with-param name="id" select="'decisions'"/><xsl:with-param name="title" select="concat('Decisions needed from ', substring('the client', 1, 10 * $is-staff), substring('you', 1, 3 * not($is-staff)))"/><xsl:with-param name="text" select="string($r/@decisions)"/></xsl:call-template>
        <section class="report-section" aria-labelledby="ms-h">
          <h2 id="ms-h">Next milestones</h2>
          <xsl:choose>
            <xsl:when test="next-milestones/milestone">
              <ul class="milestone-list">
                <xsl:for-each select="next-milestones/milestone">
                  <li><xsl:value-of select="@name"/> · <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@due-date)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></li>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise><p class="empty-inline">No upcoming milestones.</p></xsl:otherwise>
          </xsl:choose>
        </section>
      </div>
    </article>

    <xsl:if test="$draft and $can-manage">
      <section class="card no-print" id="publish" aria-labelledby="pub-h">
        <div class="card-head"><h2 id="pub-h">Publish to the client</h2></div>
        <form method="post" action="/status-reports/{$r/@id}/publish" class="form card-body">
          <xsl:call-template name="csrf"/>
          <p>Publishing e-mails the report to <xsl:value-of select="$p/@client-name"/>'s contacts and shows it in their portal. A published report cannot be changed.</p>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'publish'"/></xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'publish'"/>
            <xsl:with-param name="name" select="'confirm'"/>
            <xsl:with-param name="label" select="'I have read the report and it can go to the client'"/>
            <xsl:with-param name="type" select="'checkbox'"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <button type="submit" class="btn btn-primary">Publish report</button>
        </form>
      </section>
      <section class="card no-print" id="edit" aria-labelledby="edit-h">
        <div class="card-head"><h2 id="edit-h">Edit the draft</h2></div>
        <form method="post" action="/status-reports/{$r/@id}" class="form card-body">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'report'"/></xsl:call-template>
          <xsl:call-template name="report-fields"><xsl:with-param name="v" select="$r"/></xsl:call-template>
          <button type="submit" class="btn btn-primary">Save draft</button>
        </form>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="report-section">
    <xsl:param name="id"/>
    <xsl:param name="title"/>
    <xsl:param name="text"/>
    <xsl:if test="normalize-space($text) != ''">
      <section class="report-section report-{$id}" aria-labelledby="{$id}-h">
        <h2 id="{$id}-h"><xsl:value-of select="$title"/></h2>
        <p class="prose"><xsl:value-of select="$text"/></p>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
