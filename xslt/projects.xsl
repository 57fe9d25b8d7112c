<?xml version="1.0" encoding="UTF-8"?>
<!--
  projects.xsl - client projects.
    project-list  <filters stage client-id health/><clients><client id name/></clients>
                  <projects><project …/></projects><pager/>
    project-new,
    project-edit  <clients><client id name/></clients><pms><user id name/></pms>
                  <currencies><currency code/></currencies> (+ <project …/> for edit);
                  form id "project", POST /projects or /projects/{id}
    project       <project …/><activity-list><activity …/></activity-list>
                  <client-delays days …><period …/></client-delays> (issue 16: the open periods);
                  forms "stage" (POST /projects/{id}/stage) and "health" (POST /projects/{id}/health)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>
  <xsl:include href="plan-common.xsl"/>
  <xsl:include href="qa-common.xsl"/>

  <xsl:variable name="stage-choices" select="'initiation=Initiation|planning=Planning|execution=Execution|closure=Closure'"/>
  <xsl:variable name="health-choices" select="'green=On track|amber=At risk|red=Off track'"/>

  <!-- ============================================================ list -->

  <xsl:template match="page[@name='project-list']" mode="main">
    <xsl:variable name="f" select="filters"/>
    <xsl:variable name="filtered" select="normalize-space($f/@stage) != '' or normalize-space($f/@client-id) != '' or normalize-space($f/@health) != ''"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Projects'"/>
      <xsl:with-param name="sub">
        <xsl:choose>
          <xsl:when test="pager/@total = 0">No projects</xsl:when>
          <xsl:when test="pager/@total = 1">1 project</xsl:when>
          <xsl:when test="normalize-space(pager/@total) != ''"><xsl:value-of select="format-number(pager/@total, '#,##0')"/> projects</xsl:when>
          <xsl:otherwise>Every project across your clients.</xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$filtered"> matching the filters</xsl:if>
      </xsl:with-param>
      <xsl:with-param name="actions">
        <xsl:if test="$can-manage">
          <a class="btn" href="/templates">From a template</a>
          <a class="btn btn-primary" href="/projects/new"><span aria-hidden="true">+ </span>New project</a>
        </xsl:if>
        <a class="btn" href="/lessons">Lessons learned</a>
      </xsl:with-param>
    </xsl:call-template>

    <form method="get" action="/projects" class="filter-bar" role="search" aria-label="Filter projects">
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'filter'"/>
        <xsl:with-param name="name" select="'stage'"/>
        <xsl:with-param name="label" select="'Stage'"/>
        <xsl:with-param name="type" select="'select'"/>
        <xsl:with-param name="empty" select="'Any stage'"/>
        <xsl:with-param name="choices" select="$stage-choices"/>
        <xsl:with-param name="value" select="string($f/@stage)"/>
        <xsl:with-param name="class" select="'field-inline'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'filter'"/>
        <xsl:with-param name="name" select="'client_id'"/>
        <xsl:with-param name="label" select="'Client'"/>
        <xsl:with-param name="type" select="'select'"/>
        <xsl:with-param name="empty" select="'Any client'"/>
        <xsl:with-param name="options" select="clients/client"/>
        <xsl:with-param name="value" select="string($f/@client-id)"/>
        <xsl:with-param name="class" select="'field-inline'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'filter'"/>
        <xsl:with-param name="name" select="'health'"/>
        <xsl:with-param name="label" select="'Health'"/>
        <xsl:with-param name="type" select="'select'"/>
        <xsl:with-param name="empty" select="'Any health'"/>
        <xsl:with-param name="choices" select="$health-choices"/>
        <xsl:with-param name="value" select="string($f/@health)"/>
        <xsl:with-param name="class" select="'field-inline'"/>
      </xsl:call-template>
      <div class="filter-actions">
        <button type="submit" class="btn">Filter</button>
        <a class="btn btn-ghost" href="/projects">Clear</a>
      </div>
    </form>

    <section class="card">
      <xsl:choose>
        <xsl:when test="projects/project">
          <xsl:call-template name="project-table"><xsl:with-param name="projects" select="projects/project"/><xsl:with-param name="table" select="'projects'"/></xsl:call-template>
        </xsl:when>
        <xsl:when test="$filtered">
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'No projects match these filters'"/>
            <xsl:with-param name="text" select="'Try another stage, client or health, or clear the filters.'"/>
            <xsl:with-param name="action-href" select="'/projects'"/>
            <xsl:with-param name="action-label" select="'Clear filters'"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'No projects yet'"/>
            <xsl:with-param name="text" select="'Projects you start for your clients will be listed here.'"/>
            <xsl:with-param name="action-href" select="substring('/projects/new', 1, 13 * $can-manage)"/>
            <xsl:with-param name="action-label" select="'New project'"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>
    <xsl:apply-templates select="pager"/>
  </xsl:template>

  <!-- ============================================================ new / edit -->

  <xsl:template match="page[@name='project-new' or @name='project-edit']" mode="main">
    <xsl:variable name="edit" select="@name = 'project-edit'"/>
    <xsl:variable name="p" select="project[$edit]"/>
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/projects">Projects</a>
      <xsl:if test="$p">
        <span class="crumb-sep" aria-hidden="true">/</span>
        <a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a>
      </xsl:if>
    </nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title">
        <xsl:choose>
          <xsl:when test="$edit">Edit project</xsl:when>
          <xsl:otherwise>New project</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="sub" select="substring('New projects start in the initiation stage.', 1, 100 * not($edit))"/>
    </xsl:call-template>

    <!-- issue 16: a new project for a client with lessons shows the newest of them -->
    <xsl:if test="not($edit)"><xsl:call-template name="client-lessons-box"/></xsl:if>

    <section class="card card-narrow">
      <form method="post" class="form card-body">
        <xsl:attribute name="action">
          <xsl:choose>
            <xsl:when test="$edit">/projects/<xsl:value-of select="$p/@id"/></xsl:when>
            <xsl:otherwise>/projects</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'project'"/></xsl:call-template>

        <fieldset class="form-section">
          <legend>Basics</legend>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'project'"/>
            <xsl:with-param name="name" select="'client_id'"/>
            <xsl:with-param name="label" select="'Client'"/>
            <xsl:with-param name="type" select="'select'"/>
            <xsl:with-param name="empty" select="'Choose a client…'"/>
            <xsl:with-param name="options" select="clients/client"/>
            <!-- editing: the project's; new: the client it was started from (?client_id=) -->
            <xsl:with-param name="value" select="string(($p/@client-id | preset/@client-id)[1])"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'project'"/>
            <xsl:with-param name="name" select="'name'"/>
            <xsl:with-param name="label" select="'Project name'"/>
            <xsl:with-param name="value" select="string($p/@name)"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="placeholder" select="'Website relaunch'"/>
          </xsl:call-template>
          <div class="form-row">
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'project'"/>
              <xsl:with-param name="name" select="'code'"/>
              <xsl:with-param name="label" select="'Code'"/>
              <xsl:with-param name="value" select="string($p/@code)"/>
              <xsl:with-param name="placeholder" select="'ACME-12'"/>
              <xsl:with-param name="hint" select="'A short reference for invoices and e-mails.'"/>
            </xsl:call-template>
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'project'"/>
              <xsl:with-param name="name" select="'pm_id'"/>
              <xsl:with-param name="label" select="'Project manager'"/>
              <xsl:with-param name="type" select="'select'"/>
              <xsl:with-param name="empty" select="'Not assigned'"/>
              <xsl:with-param name="options" select="pms/user"/>
              <xsl:with-param name="value">
                <xsl:choose>
                  <xsl:when test="$edit"><xsl:value-of select="$p/@pm-id"/></xsl:when>
                  <xsl:when test="$role = 'pm'"><xsl:value-of select="$session/@user-id"/></xsl:when>
                </xsl:choose>
              </xsl:with-param>
            </xsl:call-template>
          </div>
        </fieldset>

        <fieldset class="form-section">
          <legend>Schedule</legend>
          <div class="form-row">
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'project'"/>
              <xsl:with-param name="name" select="'start_date'"/>
              <xsl:with-param name="label" select="'Start date'"/>
              <xsl:with-param name="type" select="'date'"/>
              <xsl:with-param name="value" select="substring($p/@start-date, 1, 10)"/>
            </xsl:call-template>
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'project'"/>
              <xsl:with-param name="name" select="'due_date'"/>
              <xsl:with-param name="label" select="'Due date'"/>
              <xsl:with-param name="type" select="'date'"/>
              <xsl:with-param name="value" select="substring($p/@due-date, 1, 10)"/>
            </xsl:call-template>
          </div>
        </fieldset>

        <fieldset class="form-section">
          <legend>Budget</legend>
          <div class="form-row form-row-3">
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'project'"/>
              <xsl:with-param name="name" select="'budget_hours'"/>
              <xsl:with-param name="label" select="'Hours'"/>
              <xsl:with-param name="type" select="'number'"/>
              <xsl:with-param name="step" select="'0.25'"/>
              <xsl:with-param name="min" select="'0'"/>
              <xsl:with-param name="value" select="string($p/@budget-hours-input)"/>
              <xsl:with-param name="placeholder" select="'120'"/>
            </xsl:call-template>
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'project'"/>
              <xsl:with-param name="name" select="'budget_amount'"/>
              <xsl:with-param name="label" select="'Amount'"/>
              <xsl:with-param name="inputmode" select="'decimal'"/>
              <xsl:with-param name="placeholder" select="'12500.00'"/>
              <xsl:with-param name="value" select="string($p/@budget-amount-input)"/>
            </xsl:call-template>
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'project'"/>
              <xsl:with-param name="name" select="'currency'"/>
              <xsl:with-param name="label" select="'Currency'"/>
              <xsl:with-param name="type" select="'select'"/>
              <xsl:with-param name="options" select="currencies/currency"/>
              <xsl:with-param name="choices" select="substring('EUR=EUR|USD=USD|GBP=GBP|CHF=CHF', 1, 31 * not(currencies/currency))"/>
              <xsl:with-param name="value">
                <xsl:choose>
                  <xsl:when test="normalize-space($p/@currency) != ''"><xsl:value-of select="$p/@currency"/></xsl:when>
                  <xsl:otherwise>EUR</xsl:otherwise>
                </xsl:choose>
              </xsl:with-param>
            </xsl:call-template>
          </div>
        </fieldset>

        <fieldset class="form-section">
          <legend>Scope</legend>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'project'"/>
            <xsl:with-param name="name" select="'scope'"/>
            <xsl:with-param name="label" select="'Scope statement'"/>
            <xsl:with-param name="type" select="'textarea'"/>
            <xsl:with-param name="rows" select="6"/>
            <xsl:with-param name="value" select="string($p/@scope)"/>
            <xsl:with-param name="hint" select="'What will be delivered, and what is explicitly out of scope.'"/>
          </xsl:call-template>
        </fieldset>

        <div class="form-actions">
          <button type="submit" class="btn btn-primary">
            <xsl:choose>
              <xsl:when test="$edit">Save changes</xsl:when>
              <xsl:otherwise>Create project</xsl:otherwise>
            </xsl:choose>
          </button>
          <a class="btn btn-ghost">
            <xsl:attribute name="href">
              <xsl:choose>
                <xsl:when test="$edit">/projects/<xsl:value-of select="$p/@id"/></xsl:when>
                <xsl:otherwise>/projects</xsl:otherwise>
              </xsl:choose>
            </xsl:attribute>
            <xsl:text>Cancel</xsl:text>
          </a>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- ============================================================ one project -->

  <xsl:template match="page[@name='project']" mode="main">
    <xsl:variable name="p" select="project"/>
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/projects">Projects</a>
      <xsl:if test="normalize-space($p/@client-name) != ''">
        <span class="crumb-sep" aria-hidden="true">/</span>
        <a href="/clients/{$p/@client-id}"><xsl:value-of select="$p/@client-name"/></a>
      </xsl:if>
    </nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title"><xsl:apply-templates select="$p" mode="title"/></xsl:with-param>
      <xsl:with-param name="meta">
        <xsl:if test="normalize-space($p/@client-name) != ''">
          <span class="meta-item"><a href="/clients/{$p/@client-id}"><xsl:value-of select="$p/@client-name"/></a></span>
        </xsl:if>
        <xsl:apply-templates select="$p" mode="stage-health"/>
      </xsl:with-param>
      <xsl:with-param name="actions">
        <a class="btn" href="/projects/{$p/@id}/report">Project report</a>
        <xsl:if test="$can-manage"><a class="btn" href="/projects/{$p/@id}/automations">Automations</a></xsl:if>

        <xsl:if test="$can-manage"><a class="btn" href="/projects/{$p/@id}/template">Save as template</a></xsl:if>
        <xsl:if test="$can-manage"><a class="btn" href="/projects/{$p/@id}/edit">Edit project</a></xsl:if>
        <!-- issue 16: the closure checklist before closing, the debrief after -->
        <xsl:choose>
          <xsl:when test="$p/@stage = 'closure'"><a class="btn" href="/projects/{$p/@id}/debrief">Debrief</a></xsl:when>
          <xsl:when test="$can-manage"><a class="btn" href="/projects/{$p/@id}/closure">Close the project…</a></xsl:when>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>

    <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'overview'"/></xsl:call-template>

    <section class="card card-stepper" aria-label="Stage">
      <xsl:call-template name="stage-stepper"><xsl:with-param name="stage" select="string($p/@stage)"/></xsl:call-template>
    </section>

    <dl class="stat-grid summary-grid">
      <div class="stat-card">
        <dt class="stat-label">Project manager</dt>
        <dd class="stat-value stat-text">
          <xsl:choose>
            <xsl:when test="normalize-space($p/@pm-name) != ''"><xsl:value-of select="$p/@pm-name"/></xsl:when>
            <xsl:otherwise><span class="muted">Not assigned</span></xsl:otherwise>
          </xsl:choose>
        </dd>
      </div>
      <div class="stat-card">
        <dt class="stat-label">Start</dt>
        <dd class="stat-value stat-text"><xsl:call-template name="date"><xsl:with-param name="iso" select="$p/@start-date"/></xsl:call-template></dd>
      </div>
      <div class="stat-card">
        <dt class="stat-label">Due</dt>
        <dd class="stat-value stat-text"><xsl:call-template name="date"><xsl:with-param name="iso" select="$p/@due-date"/></xsl:call-template></dd>
      </div>
      <div class="stat-card">
        <dt class="stat-label">Budget hours</dt>
        <dd class="stat-value stat-text tabular"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$p/@budget-minutes"/></xsl:call-template></dd>
      </div>
      <xsl:if test="$can-manage">
        <div class="stat-card">
          <dt class="stat-label">Budget</dt>
          <dd class="stat-value stat-text tabular"><xsl:call-template name="money"><xsl:with-param name="amount" select="$p/@budget-amount"/><xsl:with-param name="currency" select="$p/@currency"/></xsl:call-template></dd>
        </div>
      </xsl:if>
      <div class="stat-card">
        <dt class="stat-label">Progress</dt>
        <dd class="stat-value stat-text project-progress"><xsl:for-each select="$p"><xsl:call-template name="progress-figure"/></xsl:for-each></dd>
      </div>
    </dl>

    <div class="grid-main-side">
      <xsl:if test="not($can-manage)"><xsl:attribute name="class">grid-single</xsl:attribute></xsl:if>
      <div class="col-main">
        <section class="card" aria-labelledby="scope-h">
          <div class="card-head"><h2 id="scope-h">Scope</h2></div>
          <div class="card-body">
            <xsl:choose>
              <xsl:when test="normalize-space($p/@scope) != ''"><p class="prose"><xsl:value-of select="$p/@scope"/></p></xsl:when>
              <xsl:otherwise><p class="empty-inline">No scope statement yet.</p></xsl:otherwise>
            </xsl:choose>
          </div>
        </section>
        <section class="card" aria-labelledby="kpis-h" id="kpis">
          <div class="card-head"><h2 id="kpis-h">KPIs</h2></div>
          <xsl:call-template name="kpi-table"><xsl:with-param name="kpis" select="kpis/kpi"/><xsl:with-param name="empty" select="'No KPIs agreed yet.'"/></xsl:call-template>
          <xsl:if test="$can-manage">
            <details class="disclosure kpi-edit">
              <xsl:if test="/page/form-state[@for='kpi' or starts-with(@for, 'kpi-')]"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
              <summary class="card-head"><h3 class="sub-h">Update or add KPIs</h3></summary>
              <div class="card-body kpi-forms">
                <xsl:for-each select="kpis/kpi">
                  <xsl:variable name="fid" select="concat('kpi-', @id)"/>
                  <div class="kpi-form">
                    <form method="post" action="/kpis/{@id}" class="form">
                      <xsl:call-template name="csrf"/>
                      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$fid"/></xsl:call-template>
                      <xsl:call-template name="kpi-fields"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="k" select="."/></xsl:call-template>
                      <div class="form-actions">
                        <button type="submit" class="btn btn-primary btn-sm">Save</button>
                      </div>
                    </form>
                    <form method="post" action="/kpis/{@id}/delete" class="inline-form" data-confirm="Remove the KPI “{@name}”? This cannot be undone.">
                      <xsl:call-template name="csrf"/>
                      <button type="submit" class="btn btn-danger btn-sm">Remove</button>
                    </form>
                  </div>
                </xsl:for-each>
                <form method="post" action="/projects/{$p/@id}/kpis" class="form kpi-form">
                  <h4 class="sub-h">New KPI</h4>
                  <xsl:call-template name="csrf"/>
                  <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'kpi'"/></xsl:call-template>
                  <xsl:call-template name="kpi-fields"><xsl:with-param name="form" select="'kpi'"/></xsl:call-template>
                  <div class="form-actions">
                    <button type="submit" class="btn btn-primary btn-sm">Add KPI</button>
                  </div>
                </form>
              </div>
            </details>
          </xsl:if>
        </section>
        <!-- issue 16: the days waited on the client, and what waits now -->
        <section class="card" aria-labelledby="wait-h">
          <div class="card-head"><h2 id="wait-h">Waiting on the client</h2><a class="card-link" href="/projects/{$p/@id}/delays">Client delays →</a></div>
          <div class="card-body">
            <p class="wait-days"><xsl:call-template name="client-delay-days"><xsl:with-param name="days" select="client-delays/@days"/></xsl:call-template>.</p>
            <xsl:if test="client-delays/period">
              <ul class="wait-list">
                <xsl:for-each select="client-delays/period">
                  <li>
                    <xsl:choose>
                      <xsl:when test="@kind = 'task'">Task <a href="/tasks/{@item-id}"><xsl:value-of select="@item"/></a>: <xsl:value-of select="@what"/></xsl:when>
                      <xsl:when test="@kind = 'milestone'">Milestone <xsl:value-of select="@item"/>: <xsl:value-of select="@what"/></xsl:when>
                      <xsl:when test="@kind = 'approval'">Approval of <a href="/documents/{@item-id}"><xsl:value-of select="@item"/></a></xsl:when>
                      <xsl:otherwise>Decision on change <a href="/projects/{$p/@id}/changes"><xsl:value-of select="@item"/></a></xsl:otherwise>
                    </xsl:choose>
                    <span class="muted"> · since <xsl:call-template name="date"><xsl:with-param name="iso" select="@from"/></xsl:call-template></span>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:if>
          </div>
        </section>
        <section class="card" aria-labelledby="risk-h">
          <div class="card-head"><h2 id="risk-h">Risks</h2><a class="card-link" href="/projects/{$p/@id}/risks">Risk register →</a></div>
          <div class="card-body risk-overview">
            <div class="heatmap-body"><xsl:for-each select="risk-summary/heatmap"><xsl:call-template name="heatmap"/></xsl:for-each></div>
            <div class="high-risks">
              <h3 class="sub-h">High risks (score 15 or more)</h3>
              <xsl:choose>
                <xsl:when test="risk-summary/risk">
                  <ul class="risk-list">
                    <xsl:for-each select="risk-summary/risk">
                      <li><span class="score score-high"><xsl:value-of select="@score"/></span><xsl:text> </xsl:text><xsl:value-of select="@title"/><xsl:if test="@owner-name"><span class="muted"> · <xsl:value-of select="@owner-name"/></span></xsl:if></li>
                    </xsl:for-each>
                  </ul>
                </xsl:when>
                <xsl:otherwise><p class="empty-inline">No high risks.</p></xsl:otherwise>
              </xsl:choose>
            </div>
          </div>
        </section>
        <section class="card" aria-labelledby="activity-h">
          <div class="card-head"><h2 id="activity-h">Activity</h2><a class="card-link" href="/activity?project_id={$p/@id}">All activity →</a></div>
          <div class="card-body">
            <xsl:call-template name="activity-list">
              <xsl:with-param name="items" select="activity-list/activity"/>
              <xsl:with-param name="show-project" select="false()"/>
            </xsl:call-template>
          </div>
        </section>
      </div>

      <xsl:if test="$can-manage">
        <div class="col-side">
          <section class="card" aria-labelledby="stage-h">
            <div class="card-head"><h2 id="stage-h">Change stage</h2></div>
            <form method="post" action="/projects/{$p/@id}/stage" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'stage'"/></xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'stage'"/>
                <xsl:with-param name="name" select="'stage'"/>
                <xsl:with-param name="label" select="'Stage'"/>
                <xsl:with-param name="type" select="'select'"/>
                <xsl:with-param name="choices" select="$stage-choices"/>
                <xsl:with-param name="value" select="string($p/@stage)"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'stage'"/>
                <xsl:with-param name="name" select="'note'"/>
                <xsl:with-param name="label" select="'Note'"/>
                <xsl:with-param name="type" select="'textarea'"/>
                <xsl:with-param name="rows" select="2"/>
                <xsl:with-param name="placeholder" select="'Why is the project moving on?'"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'stage'"/>
                <xsl:with-param name="name" select="'client_visible'"/>
                <xsl:with-param name="label" select="'Show the note to the client'"/>
                <xsl:with-param name="type" select="'checkbox'"/>
                <xsl:with-param name="hint" select="'The client always sees the stage change (portal and webhooks). Unticked, the note stays with the team.'"/>
              </xsl:call-template>
              <div class="form-actions">
                <button type="submit" class="btn btn-primary">Change stage</button>
              </div>
            </form>
          </section>
          <section class="card" aria-labelledby="health-h">
            <div class="card-head"><h2 id="health-h">Update health</h2></div>
            <form method="post" action="/projects/{$p/@id}/health" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'health'"/></xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'health'"/>
                <xsl:with-param name="name" select="'health'"/>
                <xsl:with-param name="label" select="'Health'"/>
                <xsl:with-param name="type" select="'select'"/>
                <xsl:with-param name="choices" select="$health-choices"/>
                <xsl:with-param name="value" select="string($p/@health)"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'health'"/>
                <xsl:with-param name="name" select="'note'"/>
                <xsl:with-param name="label" select="'Note'"/>
                <xsl:with-param name="type" select="'textarea'"/>
                <xsl:with-param name="rows" select="2"/>
                <xsl:with-param name="placeholder" select="'What changed?'"/>
              </xsl:call-template>
              <div class="form-actions">
                <button type="submit" class="btn">Update health</button>
              </div>
            </form>
          </section>
        </div>
      </xsl:if>
    </div>
  </xsl:template>


  <!-- the three fields of a KPI form; k: the kpi element being edited (none: a new one) -->
  <xsl:template name="kpi-fields">
    <xsl:param name="form"/>
    <xsl:param name="k" select="/.."/>
    <div class="form-row form-row-3">
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name" select="'name'"/>
      <xsl:with-param name="label" select="'KPI'"/>
      <xsl:with-param name="value" select="string($k/@name)"/>
      <xsl:with-param name="required" select="true()"/>
      <xsl:with-param name="placeholder" select="'Checkout conversion rate'"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name" select="'target'"/>
      <xsl:with-param name="label" select="'Target'"/>
      <xsl:with-param name="value" select="string($k/@target)"/>
      <xsl:with-param name="required" select="true()"/>
      <xsl:with-param name="placeholder" select="'3.5 %'"/>
    </xsl:call-template>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="$form"/>
      <xsl:with-param name="name" select="'actual'"/>
      <xsl:with-param name="label" select="'Current value'"/>
      <xsl:with-param name="value" select="string($k/@actual)"/>
      <xsl:with-param name="placeholder" select="'2.9 %'"/>
    </xsl:call-template>
    </div>
  </xsl:template>

  <!-- ============================================================ detailed report -->
  <!-- project-report: <project …/> <budget … logged-minutes spent-minutes spent-amount time-cost today/>
       <tasks total done-percent><status name count estimate-minutes/>×4</tasks>
       <milestones><milestone …/></milestones> <changes><change …/></changes> <risks><risk …/></risks>
       <people><person id name minutes billable-minutes amount cost/></people>
       <documents><document …/></documents> <kpis><kpi id name target actual updated-at/></kpis>
       <client-delays days …><period …/></client-delays> (issue 16: every period waited on the client) -->
  <xsl:template match="page[@name='project-report']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:variable name="b" select="budget"/>
    <xsl:variable name="cur" select="string($p/@currency)"/>
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/projects">Projects</a>
      <span class="crumb-sep" aria-hidden="true">/</span>
      <a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a>
    </nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title"><xsl:apply-templates select="$p" mode="title"/></xsl:with-param>
      <xsl:with-param name="meta">
        <span class="meta-item">Project report for <xsl:value-of select="$p/@client-name"/></span>
        <span class="meta-item">as of <xsl:call-template name="date"><xsl:with-param name="iso" select="string($b/@today)"/></xsl:call-template></span>
        <xsl:apply-templates select="$p" mode="stage-health"/>
      </xsl:with-param>
      <xsl:with-param name="actions"><a class="btn" href="/projects/{$p/@id}">Back to the project</a></xsl:with-param>
    </xsl:call-template>

    <dl class="stat-grid summary-grid">
      <div class="stat-card">
        <dt class="stat-label">Project manager</dt>
        <dd class="stat-value stat-text"><xsl:value-of select="$p/@pm-name"/><xsl:if test="not(normalize-space($p/@pm-name) != '')">—</xsl:if></dd>
      </div>
      <div class="stat-card">
        <dt class="stat-label">Start</dt>
        <dd class="stat-value stat-text"><xsl:call-template name="date"><xsl:with-param name="iso" select="string($p/@start-date)"/></xsl:call-template></dd>
      </div>
      <div class="stat-card">
        <dt class="stat-label">Due</dt>
        <dd class="stat-value stat-text"><xsl:call-template name="date"><xsl:with-param name="iso" select="string($p/@due-date)"/></xsl:call-template></dd>
      </div>
      <div class="stat-card">
        <dt class="stat-label">Progress</dt>
        <dd class="stat-value stat-text report-progress"><xsl:for-each select="$p"><xsl:call-template name="progress-figure"/></xsl:for-each></dd>
      </div>
    </dl>

    <section class="card report-section" aria-labelledby="r-scope-h">
      <div class="card-head"><h2 id="r-scope-h">Scope</h2></div>
      <div class="card-body">
        <xsl:choose>
          <xsl:when test="normalize-space($p/@scope) != ''"><p class="prose"><xsl:value-of select="$p/@scope"/></p></xsl:when>
          <xsl:otherwise><p class="empty-inline">No scope statement.</p></xsl:otherwise>
        </xsl:choose>
      </div>
    </section>

    <section class="card report-section" aria-labelledby="r-kpi-h">
      <div class="card-head"><h2 id="r-kpi-h">KPIs</h2></div>
      <xsl:call-template name="kpi-table"><xsl:with-param name="kpis" select="kpis/kpi"/><xsl:with-param name="empty" select="'No KPIs agreed.'"/></xsl:call-template>
    </section>

    <section class="card report-section" aria-labelledby="r-budget-h">
      <div class="card-head"><h2 id="r-budget-h">Budget</h2></div>
      <div class="table-wrap">
        <table class="table t-report-budget">
          <thead><tr><th scope="col"></th><th scope="col">Budget</th><th scope="col">Spent (submitted and approved)</th><th scope="col">Used</th><th scope="col">Left</th></tr></thead>
          <tbody>
            <tr>
              <th scope="row">Hours</th>
              <td><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$p/@budget-minutes"/></xsl:call-template></td>
              <td class="report-spent-hours"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$b/@spent-minutes"/></xsl:call-template></td>
              <td><xsl:if test="$p/@budget-minutes &gt; 0"><xsl:value-of select="round(100 * $b/@spent-minutes div $p/@budget-minutes)"/> %</xsl:if></td>
              <td><xsl:if test="$p/@budget-minutes &gt; 0"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$p/@budget-minutes - $b/@spent-minutes"/></xsl:call-template></xsl:if></td>
            </tr>
            <xsl:if test="$can-manage">
              <tr>
                <th scope="row">Money</th>
                <td><xsl:call-template name="money"><xsl:with-param name="amount" select="$p/@budget-amount"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template></td>
                <td><xsl:call-template name="money"><xsl:with-param name="amount" select="$b/@spent-amount"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template></td>
                <td><xsl:if test="$p/@budget-amount &gt; 0"><xsl:value-of select="round(100 * $b/@spent-amount div $p/@budget-amount)"/> %</xsl:if></td>
                <td><xsl:if test="$p/@budget-amount &gt; 0"><xsl:call-template name="money"><xsl:with-param name="amount" select="$p/@budget-amount - $b/@spent-amount"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template></xsl:if></td>
              </tr>
            </xsl:if>
          </tbody>
        </table>
      </div>
      <p class="card-body report-foot"><xsl:text>Spent counts submitted and approved time</xsl:text>
        <xsl:if test="$can-manage"> and billable expenses
          (<xsl:call-template name="money"><xsl:with-param name="amount" select="$b/@expense-amount"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template> of expenses)</xsl:if><xsl:text>;</xsl:text>
        all logged time (open, submitted and approved):
        <span class="report-logged-hours"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="people/@minutes"/></xsl:call-template></span><xsl:if test="$can-manage">,
        value <span class="report-logged-value"><xsl:call-template name="money"><xsl:with-param name="amount" select="people/@amount"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template></span>,
        cost <span class="report-logged-cost"><xsl:call-template name="money"><xsl:with-param name="amount" select="people/@cost"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template></span></xsl:if>
        (the "Time by person" table below).</p>
      <xsl:call-template name="unpriced-warning"><xsl:with-param name="cur" select="$cur"/></xsl:call-template>
    </section>

    <section class="card report-section" aria-labelledby="r-ms-h">
      <div class="card-head"><h2 id="r-ms-h">Milestones</h2></div>
      <xsl:choose>
        <xsl:when test="milestones/milestone">
          <div class="table-wrap">
            <table class="table t-report-ms">
              <thead><tr><th scope="col">Milestone</th><th scope="col">Due</th><th scope="col">Baseline</th><th scope="col">Slip</th><th scope="col">Reached</th></tr></thead>
              <tbody>
                <xsl:for-each select="milestones/milestone">
                  <tr>
                    <td><xsl:value-of select="@name"/><xsl:if test="@overdue = '1'"><span class="tag tag-red">Overdue</span></xsl:if></td>
                    <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@due-date)"/></xsl:call-template></td>
                    <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@baseline-due)"/></xsl:call-template></td>
                    <td><xsl:choose><xsl:when test="@slip &gt; 0">+<xsl:value-of select="@slip"/> d</xsl:when><xsl:when test="@slip &lt; 0"><xsl:value-of select="@slip"/> d</xsl:when><xsl:otherwise>—</xsl:otherwise></xsl:choose></td>
                    <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@reached-on)"/></xsl:call-template></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise><div class="card-body"><p class="empty-inline">No milestones.</p></div></xsl:otherwise>
      </xsl:choose>
    </section>

    <!-- issue 16: the days waited on the client, and on what -->
    <section class="card report-section" aria-labelledby="r-wait-h">
      <div class="card-head"><h2 id="r-wait-h">Waiting on the client</h2></div>
      <div class="card-body"><p class="report-wait-days"><xsl:call-template name="client-delay-days"><xsl:with-param name="days" select="client-delays/@days"/></xsl:call-template>.</p></div>
      <xsl:if test="client-delays/period"><xsl:for-each select="client-delays"><xsl:call-template name="client-delay-table"/></xsl:for-each></xsl:if>
    </section>

    <section class="card report-section" aria-labelledby="r-tasks-h">
      <div class="card-head"><h2 id="r-tasks-h">Tasks</h2></div>
      <div class="table-wrap">
        <table class="table t-report-tasks">
          <thead><tr><th scope="col">Status</th><th scope="col">Tasks</th><th scope="col">Estimated</th></tr></thead>
          <tbody>
            <xsl:for-each select="tasks/status">
              <tr>
                <td><xsl:value-of select="substring-before(substring-after('|todo=To do|doing=In progress|blocked=Blocked|done=Done|', concat('|', @name, '=')), '|')"/></td>
                <td><xsl:value-of select="@count"/></td>
                <td><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@estimate-minutes"/></xsl:call-template></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </section>

    <section class="card report-section" aria-labelledby="r-people-h">
      <div class="card-head"><h2 id="r-people-h">Time by person</h2></div>
      <xsl:choose>
        <xsl:when test="people/person">
          <p class="card-body report-foot">All logged time: open, submitted and approved.</p>
          <div class="table-wrap">
            <table class="table t-report-people">
              <thead><tr><th scope="col">Person</th><th scope="col">Hours</th><th scope="col">Billable</th>
                <xsl:if test="$can-manage"><th scope="col">Value</th><th scope="col">Cost</th></xsl:if></tr></thead>
              <tbody>
                <xsl:for-each select="people/person">
                  <tr>
                    <td><xsl:value-of select="@name"/></td>
                    <td><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@minutes"/></xsl:call-template></td>
                    <td><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@billable-minutes"/></xsl:call-template></td>
                    <xsl:if test="$can-manage">
                      <td><xsl:call-template name="money"><xsl:with-param name="amount" select="@amount"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template></td>
                      <td><xsl:call-template name="money"><xsl:with-param name="amount" select="@cost"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template></td>
                    </xsl:if>
                  </tr>
                </xsl:for-each>
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  <td><xsl:call-template name="hours"><xsl:with-param name="minutes" select="people/@minutes"/></xsl:call-template></td>
                  <td><xsl:call-template name="hours"><xsl:with-param name="minutes" select="people/@billable-minutes"/></xsl:call-template></td>
                  <xsl:if test="$can-manage">
                    <td><xsl:call-template name="money"><xsl:with-param name="amount" select="people/@amount"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template></td>
                    <td><xsl:call-template name="money"><xsl:with-param name="amount" select="people/@cost"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template></td>
                  </xsl:if>
                </tr>
              </tfoot>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise><div class="card-body"><p class="empty-inline">No time logged.</p></div></xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="card report-section" aria-labelledby="r-cr-h">
      <div class="card-head"><h2 id="r-cr-h">Change requests</h2></div>
      <xsl:choose>
        <xsl:when test="changes/change">
          <div class="table-wrap">
            <table class="table t-report-changes">
              <thead><tr><th scope="col">Change</th><th scope="col">Status</th><th scope="col">Days</th><th scope="col">Hours</th><xsl:if test="$can-manage"><th scope="col">Money</th></xsl:if><th scope="col">Decided</th></tr></thead>
              <tbody>
                <xsl:for-each select="changes/change">
                  <tr>
                    <td><a href="/projects/{/page/project/@id}/changes#change-{@id}"><xsl:value-of select="@title"/></a></td>
                    <td><xsl:call-template name="capitalise"><xsl:with-param name="s" select="string(@status)"/></xsl:call-template></td>
                    <td><xsl:value-of select="concat(substring('+', 1, @impact-days &gt; 0), translate(@impact-days, '-', '−'))"/></td>
                    <td><xsl:value-of select="substring('+−', 1 + (@impact-minutes &lt; 0), 1)"/><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@impact-minutes * (1 - 2 * (@impact-minutes &lt; 0))"/></xsl:call-template></td>
                    <xsl:if test="$can-manage"><td><xsl:call-template name="signed-money"><xsl:with-param name="amount" select="@impact-amount"/><xsl:with-param name="currency" select="$cur"/></xsl:call-template></td></xsl:if>
                    <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@decided-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise><div class="card-body"><p class="empty-inline">No change requests.</p></div></xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="card report-section" aria-labelledby="r-risk-h">
      <div class="card-head"><h2 id="r-risk-h">Open risks</h2></div>
      <xsl:variable name="open" select="risks/risk[@status != 'closed' and @status != 'mitigated']"/>
      <xsl:choose>
        <xsl:when test="$open">
          <div class="table-wrap">
            <table class="table t-report-risks">
              <thead><tr><th scope="col">Risk</th><th scope="col">Score</th><th scope="col">Owner</th><th scope="col">Mitigation</th></tr></thead>
              <tbody>
                <xsl:for-each select="$open">
                  <tr>
                    <td><xsl:value-of select="@title"/></td>
                    <td><xsl:value-of select="@score"/> <span class="muted"> (<xsl:value-of select="@probability"/>×<xsl:value-of select="@impact"/>)</span></td>
                    <td><xsl:value-of select="@owner-name"/></td>
                    <td><xsl:value-of select="@mitigation"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise><div class="card-body"><p class="empty-inline">No open risks.</p></div></xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="card report-section" aria-labelledby="r-docs-h">
      <div class="card-head"><h2 id="r-docs-h">Documents</h2></div>
      <xsl:choose>
        <xsl:when test="documents/document">
          <div class="table-wrap">
            <table class="table t-report-docs">
              <thead><tr><th scope="col">Document</th><th scope="col">Version</th><th scope="col">Shared</th><th scope="col">Approved</th></tr></thead>
              <tbody>
                <xsl:for-each select="documents/document">
                  <tr>
                    <td><a href="/documents/{@id}"><xsl:value-of select="@title"/></a></td>
                    <td>v<xsl:value-of select="@version"/></td>
                    <td><xsl:choose><xsl:when test="@client-visible = '1'">With the client</xsl:when><xsl:otherwise>Internal</xsl:otherwise></xsl:choose></td>
                    <td><xsl:choose><xsl:when test="@locked = '1'">Yes</xsl:when><xsl:otherwise>—</xsl:otherwise></xsl:choose></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
          <xsl:if test="documents/@total &gt; count(documents/document)">
            <p class="card-body muted">The newest <xsl:value-of select="count(documents/document)"/> of <xsl:value-of select="documents/@total"/> documents; <a href="/projects/{project/@id}/documents">all documents</a>.</p>
          </xsl:if>
        </xsl:when>
        <xsl:otherwise><div class="card-body"><p class="empty-inline">No documents.</p></div></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

</xsl:stylesheet>
