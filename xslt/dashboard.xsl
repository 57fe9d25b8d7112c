<?xml version="1.0" encoding="UTF-8"?>
<!--
  dashboard.xsl - the staff dashboard (portfolio): stage counts, health breakdown,
  projects needing attention, recent activity.
  <dashboard><stages><stage name count/>×4</stages><healths><health name count/>×3</healths>
             <attention><project …/>…</attention><recent><activity …/>…</recent>
             [<reports-due today><project id name client-id client-name due-date overdue/>…</reports-due>]
             (the signed-in PM's projects whose status report is due: the client's cadence)</dashboard>
  activity: <filters client-id/> [<project …/>] <clients><client id name/></clients>
            <activities base older-than? next-before?><activity …/>…</activities>
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template match="page[@name='dashboard']" mode="main">
    <xsl:variable name="d" select="dashboard"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Dashboard'"/>
      <xsl:with-param name="sub" select="'Where every client project stands today.'"/>
      <xsl:with-param name="actions">
        <xsl:if test="$can-manage">
          <a class="btn btn-primary" href="/projects/new"><span aria-hidden="true">+ </span>New project</a>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>

    <xsl:if test="$d/endpoints-off/endpoint">
      <section class="card card-danger" aria-labelledby="endpoints-off-h">
        <div class="card-head"><h2 id="endpoints-off-h">Webhook endpoints switched off</h2></div>
        <ul class="card-body">
          <xsl:for-each select="$d/endpoints-off/endpoint">
            <li><a href="/settings/webhooks/{@id}"><xsl:value-of select="@name"/></a>:
              <xsl:choose>
                <xsl:when test="@reason = 'gone'">the receiver answered 410 Gone.</xsl:when>
                <xsl:otherwise>every delivery failed for 3 days.</xsl:otherwise>
              </xsl:choose></li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>

    <section aria-labelledby="stages-h">
      <h2 id="stages-h" class="sr-only">Projects by stage</h2>
      <ul class="stat-grid stage-cards">
        <xsl:for-each select="$d/stages/stage">
          <li>
            <a class="stat-card stage-card stage-{@name}" href="/projects?stage={@name}">
              <span class="stat-label">
                <span class="stage-dot" aria-hidden="true"></span>
                <xsl:call-template name="stage-label"><xsl:with-param name="stage" select="string(@name)"/></xsl:call-template>
              </span>
              <span class="stat-value"><xsl:value-of select="format-number(@count, '#,##0')"/></span>
              <span class="stat-caption">
                <xsl:choose>
                  <xsl:when test="@count = 1">project</xsl:when>
                  <xsl:otherwise>projects</xsl:otherwise>
                </xsl:choose>
              </span>
            </a>
          </li>
        </xsl:for-each>
      </ul>
    </section>

    <section class="card" aria-labelledby="attention-h">
      <div class="card-head">
        <h2 id="attention-h">Needs attention</h2>
        <a class="card-link" href="/projects">All projects</a>
      </div>
      <xsl:choose>
        <xsl:when test="$d/attention/project">
          <xsl:call-template name="project-table"><xsl:with-param name="projects" select="$d/attention/project"/><xsl:with-param name="table" select="'attention'"/></xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'Nothing needs attention'"/>
            <xsl:with-param name="text" select="'Every active project is on track.'"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <xsl:if test="$d/reports-due/project">
      <section class="card card-warning" aria-labelledby="reports-due-h" id="reports-due">
        <div class="card-head"><h2 id="reports-due-h">Status reports due</h2><span class="card-count"><xsl:value-of select="count($d/reports-due/project)"/></span></div>
        <ul class="card-body reports-due">
          <xsl:for-each select="$d/reports-due/project">
            <li data-project-id="{@id}">Status report due: <a href="/projects/{@id}/status-reports"><xsl:value-of select="@name"/></a> ·
              <xsl:value-of select="@client-name"/> ·
              <xsl:choose>
                <xsl:when test="@overdue = 1">overdue, was due <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@due-date)"/></xsl:call-template></xsl:when>
                <xsl:otherwise>due today</xsl:otherwise>
              </xsl:choose></li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>

    <xsl:if test="$d/overdue-approvals/approval">
      <section class="card card-warning" aria-labelledby="overdue-h">
        <div class="card-head"><h2 id="overdue-h">Overdue approvals</h2><span class="card-count"><xsl:value-of select="count($d/overdue-approvals/approval)"/></span></div>
        <ul class="card-body overdue-approvals">
          <xsl:for-each select="$d/overdue-approvals/approval">
            <li><xsl:choose>
                <xsl:when test="@change-id"><a href="/projects/{@project-id}/changes#approval-{@id}">Change request: <xsl:value-of select="@title"/></a></xsl:when>
                <xsl:otherwise><a href="/documents/{@document-id}"><xsl:value-of select="@title"/></a></xsl:otherwise>
              </xsl:choose> · <xsl:value-of select="@project-name"/> ·
              waiting on <xsl:value-of select="@contact-name"/> since <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@due-date)"/></xsl:call-template></li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>

    <div class="grid-main-side">
      <div class="col-main">
        <section class="card" aria-labelledby="recent-h">
          <div class="card-head"><h2 id="recent-h">Recent activity</h2><a class="card-link" href="/activity">All activity</a></div>
          <div class="card-body">
            <xsl:call-template name="activity-list">
              <xsl:with-param name="items" select="$d/recent/activity"/>
              <xsl:with-param name="empty" select="'Nothing has happened yet.'"/>
            </xsl:call-template>
          </div>
        </section>
      </div>
      <div class="col-side">
        <section class="card" aria-labelledby="health-h">
          <div class="card-head"><h2 id="health-h">Health</h2></div>
          <div class="card-body">
            <xsl:call-template name="health-breakdown"><xsl:with-param name="healths" select="$d/healths"/></xsl:call-template>
          </div>
        </section>
      </div>
    </div>
  </xsl:template>

  <!-- stacked bar (SVG: widths need no style attribute) and one linked row per health -->
  <xsl:template name="health-breakdown">
    <xsl:param name="healths"/>
    <xsl:variable name="g" select="number(concat('0', $healths/health[@name='green']/@count))"/>
    <xsl:variable name="a" select="number(concat('0', $healths/health[@name='amber']/@count))"/>
    <xsl:variable name="r" select="number(concat('0', $healths/health[@name='red']/@count))"/>
    <xsl:variable name="total" select="$g + $a + $r"/>
    <xsl:choose>
      <xsl:when test="$total = 0">
        <p class="empty-inline">No active projects yet.</p>
      </xsl:when>
      <xsl:otherwise>
        <svg class="health-bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img"
             aria-label="{$g} on track, {$a} at risk, {$r} off track">
          <rect class="seg-green" x="0" y="0" height="10" width="{$g * 100 div $total}"/>
          <rect class="seg-amber" x="{$g * 100 div $total}" y="0" height="10" width="{$a * 100 div $total}"/>
          <rect class="seg-red" x="{($g + $a) * 100 div $total}" y="0" height="10" width="{$r * 100 div $total}"/>
        </svg>
        <ul class="health-list">
          <xsl:for-each select="$healths/health">
            <li>
              <a class="health-row" href="/projects?health={@name}">
                <xsl:call-template name="health-badge"><xsl:with-param name="health" select="string(@name)"/></xsl:call-template>
                <span class="health-count"><xsl:value-of select="format-number(@count, '#,##0')"/></span>
                <span class="health-pct"><xsl:value-of select="round(@count * 100 div $total)"/>%</span>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>


  <!-- ============================================================ /activity -->

  <xsl:template match="page[@name='activity']" mode="main">
    <xsl:variable name="a" select="activities"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Activity'"/>
      <xsl:with-param name="sub">
        <xsl:choose>
          <xsl:when test="project">Everything recorded on <a href="/projects/{project/@id}"><xsl:value-of select="project/@name"/></a>, newest first.</xsl:when>
          <xsl:otherwise>Everything recorded across your clients' projects, newest first.</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>

    <xsl:if test="not(project)">
      <form method="get" action="/activity" class="filter-bar" role="search" aria-label="Filter activity">
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'filter'"/>
          <xsl:with-param name="name" select="'client_id'"/>
          <xsl:with-param name="label" select="'Client'"/>
          <xsl:with-param name="type" select="'select'"/>
          <xsl:with-param name="empty" select="'Any client'"/>
          <xsl:with-param name="options" select="clients/client"/>
          <xsl:with-param name="value" select="string(filters/@client-id)"/>
          <xsl:with-param name="class" select="'field-inline'"/>
        </xsl:call-template>
        <div class="filter-actions">
          <button type="submit" class="btn">Filter</button>
          <a class="btn btn-ghost" href="/activity">Clear</a>
        </div>
      </form>
    </xsl:if>

    <section class="card">
      <div class="card-body">
        <xsl:call-template name="activity-list">
          <xsl:with-param name="items" select="$a/activity"/>
          <xsl:with-param name="show-project" select="not(project)"/>
          <xsl:with-param name="empty" select="'Nothing has happened here yet.'"/>
        </xsl:call-template>
      </div>
      <xsl:if test="$a/@older-than or $a/@next-before">
        <nav class="pager" aria-label="Pagination">
          <xsl:choose>
            <xsl:when test="$a/@older-than">
              <a class="btn btn-sm pager-prev" href="{substring($a/@base, 1, string-length($a/@base) - 1)}">« Newest</a>
            </xsl:when>
            <xsl:otherwise><span class="btn btn-sm pager-prev is-disabled" aria-disabled="true">« Newest</span></xsl:otherwise>
          </xsl:choose>
          <span class="pager-status"><xsl:value-of select="count($a/activity)"/> lines</span>
          <xsl:choose>
            <xsl:when test="$a/@next-before">
              <a class="btn btn-sm pager-next" rel="next" href="{$a/@base}before={$a/@next-before}">Older ›</a>
            </xsl:when>
            <xsl:otherwise><span class="btn btn-sm pager-next is-disabled" aria-disabled="true">Older ›</span></xsl:otherwise>
          </xsl:choose>
        </nav>
      </xsl:if>
    </section>
  </xsl:template>

</xsl:stylesheet>
