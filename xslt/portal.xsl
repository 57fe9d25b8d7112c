<?xml version="1.0" encoding="UTF-8"?>
<!--
  portal.xsl - the client portal (role client).
    portal          <client id name/><projects><project … progress="40"/>…</projects>
    portal-project  <project … progress="40"/><activity-list><activity …/></activity-list>
                    <message-threads count><thread id subject last-message-at/></message-threads>
                    <latest-report id period health summary published-at/> (when one is published)
                    <client-waits><wait kind item what from/></client-waits> (issue 16: open waits on
                    client-visible tasks and milestones)

                    <milestone-criteria><criterion milestone-id text/></milestone-criteria> (issue 16:
                    the client-visible criteria of client-visible milestones)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <!-- ============================================================ overview -->

  <xsl:template match="page[@name='portal']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="class" select="'portal-head'"/>
      <xsl:with-param name="eyebrow" select="string(client/@name)"/>
      <xsl:with-param name="title">
        <xsl:text>Welcome</xsl:text>
        <xsl:if test="normalize-space($session/@name) != ''">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="substring-before(concat(normalize-space($session/@name), ' '), ' ')"/>
        </xsl:if>
      </xsl:with-param>
      <xsl:with-param name="sub" select="'Here is where your projects with us stand today.'"/>
    </xsl:call-template>
    <xsl:variable name="waiting" select="sum(waiting/project/@waiting)"/>
    <xsl:if test="$waiting &gt; 0">
      <p class="portal-waiting-note" role="status">
        <strong><xsl:value-of select="$waiting"/><xsl:text> </xsl:text>
        <xsl:choose><xsl:when test="$waiting = 1">decision is</xsl:when><xsl:otherwise>decisions are</xsl:otherwise></xsl:choose>
        waiting on you.</strong> Open the project to review and decide.
      </p>
    </xsl:if>

    <xsl:choose>
      <xsl:when test="projects/project">
        <ul class="project-cards">
          <xsl:for-each select="projects/project">
            <li class="card project-card">
              <xsl:variable name="n" select="number(/page/waiting/project[@project-id = current()/@id]/@waiting)"/>
              <div class="project-card-top">
                <span class="code"><xsl:value-of select="@code"/></span>
                <xsl:call-template name="health-badge"><xsl:with-param name="health" select="string(@health)"/></xsl:call-template>
              </div>
              <xsl:if test="$n &gt; 0">
                <p class="project-card-waiting"><span class="badge approval-pending"><xsl:value-of select="$n"/> waiting on you</span></p>
              </xsl:if>
              <h2 class="project-card-title">
                <a class="stretched" href="/portal/projects/{@id}"><xsl:value-of select="@name"/></a>
              </h2>
              <xsl:call-template name="stage-stepper">
                <xsl:with-param name="stage" select="string(@stage)"/>
                <xsl:with-param name="compact" select="true()"/>
              </xsl:call-template>
              <xsl:call-template name="progress"/>
              <div class="project-card-foot">
                <span>
                  <span class="muted">Due </span>
                  <xsl:call-template name="date"><xsl:with-param name="iso" select="@due-date"/><xsl:with-param name="time" select="'no'"/></xsl:call-template>
                </span>
                <span class="card-link" aria-hidden="true">View project →</span>
              </div>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:when>
      <xsl:otherwise>
        <section class="card">
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'No projects to show yet'"/>
            <xsl:with-param name="text" select="'When your team shares a project with you, it will appear here.'"/>
          </xsl:call-template>
        </section>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ one project -->

  <xsl:template match="page[@name='portal-project']" mode="main">
    <xsl:variable name="p" select="project"/>
    <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/portal">Your projects</a></nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title"><xsl:apply-templates select="$p" mode="title"/></xsl:with-param>
      <xsl:with-param name="meta">
        <xsl:apply-templates select="$p" mode="stage-health"/>
        <xsl:if test="normalize-space($p/@pm-name) != ''">
          <span class="meta-item">Your project manager: <strong><xsl:value-of select="$p/@pm-name"/></strong></span>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>

    <section class="card card-stepper" aria-label="Stage">
      <xsl:call-template name="stage-stepper"><xsl:with-param name="stage" select="string($p/@stage)"/></xsl:call-template>
    </section>
    <p class="portal-gantt-link"><a class="btn" href="/portal/projects/{$p/@id}/gantt">View the schedule (Gantt chart) →</a> <a class="btn" href="/projects/{$p/@id}/messages">Messages<xsl:if test="message-threads/@count &gt; 0"> (<xsl:value-of select="message-threads/@count"/>)</xsl:if> →</a>
      <xsl:for-each select="message-threads/thread"><span class="portal-latest-thread">Latest: <a href="/messages/threads/{@id}"><xsl:value-of select="@subject"/></a> · <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@last-message-at)"/></xsl:call-template></span></xsl:for-each></p>

    <dl class="stat-grid summary-grid summary-3">
      <div class="stat-card">
        <dt class="stat-label">Start</dt>
        <dd class="stat-value stat-text"><xsl:call-template name="date"><xsl:with-param name="iso" select="$p/@start-date"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></dd>
      </div>
      <div class="stat-card">
        <dt class="stat-label">Due</dt>
        <dd class="stat-value stat-text"><xsl:call-template name="date"><xsl:with-param name="iso" select="$p/@due-date"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></dd>
      </div>
      <div class="stat-card">
        <dt class="stat-label">Progress</dt>
        <dd class="stat-value stat-text">
          <xsl:for-each select="$p"><xsl:call-template name="progress"/></xsl:for-each>
        </dd>
      </div>
    </dl>

    <xsl:call-template name="portal-latest-report"/>
    <xsl:call-template name="portal-waiting"/>

    <div class="grid-main-side">
      <div class="col-main">
        <xsl:call-template name="portal-documents"/>
        <xsl:if test="kpis/kpi">
          <section class="card" aria-labelledby="kpis-h">
            <div class="card-head"><h2 id="kpis-h">Key results</h2></div>
            <xsl:call-template name="kpi-table"><xsl:with-param name="kpis" select="kpis/kpi"/></xsl:call-template>
          </section>
        </xsl:if>
        <section class="card" aria-labelledby="activity-h">
          <div class="card-head"><h2 id="activity-h">Latest updates</h2></div>
          <div class="card-body">
            <xsl:call-template name="activity-list">
              <xsl:with-param name="items" select="activity-list/activity"/>
              <xsl:with-param name="show-project" select="false()"/>
              <xsl:with-param name="link-base" select="'/portal/projects/'"/>
              <xsl:with-param name="empty" select="'No updates yet.'"/>
            </xsl:call-template>
          </div>
        </section>
      </div>
      <div class="col-side">
        <xsl:call-template name="portal-client-waits"/>
        <xsl:call-template name="portal-milestones"/>
        <section class="card" aria-labelledby="scope-h">
          <div class="card-head"><h2 id="scope-h">Scope</h2></div>
          <div class="card-body">
            <xsl:choose>
              <xsl:when test="normalize-space($p/@scope) != ''"><p class="prose"><xsl:value-of select="$p/@scope"/></p></xsl:when>
              <xsl:otherwise><p class="empty-inline">Your project manager has not written a scope statement yet.</p></xsl:otherwise>
            </xsl:choose>
          </div>
        </section>
      </div>
    </div>
  </xsl:template>

  <!-- progress of the context project: the one figure, worded by progress-figure (partials.xsl, issue 10) -->
  <xsl:template name="progress">
    <xsl:call-template name="progress-figure"/>
  </xsl:template>

  <!-- the latest published status report (src/page/portal_view.c report_portal_xml) -->
  <xsl:template name="portal-latest-report">
    <xsl:variable name="lr" select="latest-report"/>
    <section class="card report-latest" aria-labelledby="report-h">
      <div class="card-head">
        <h2 id="report-h">Latest status report</h2>
        <a class="card-link" href="/projects/{project/@id}/status-reports">All reports →</a>
      </div>
      <div class="card-body">
        <xsl:choose>
          <xsl:when test="$lr">
            <p class="meta-line">
              <span class="meta-item">As of <strong><xsl:call-template name="date"><xsl:with-param name="iso" select="string($lr/@period)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></strong></span>
              <span class="meta-item"><xsl:call-template name="health-badge"><xsl:with-param name="health" select="string($lr/@health)"/></xsl:call-template></span>
            </p>
            <p class="prose report-latest-summary"><xsl:value-of select="$lr/@summary"/></p>
            <p><a class="btn" href="/status-reports/{$lr/@id}">Read the full report →</a></p>
          </xsl:when>
          <xsl:otherwise><p class="empty-inline">No status report has been published yet.</p></xsl:otherwise>
        </xsl:choose>
      </div>
    </section>
  </xsl:template>

  <!-- approvals and proposed changes waiting on the client (src/page/portal_view.c) -->
  <xsl:template name="portal-waiting">
    <xsl:variable name="can-approve" select="/page/session/@access = 'approve'"/>
    <xsl:if test="approvals/approval or changes/change[@status = 'proposed']">
      <!-- "on you" only when this contact can decide something here (issue 10 item 20) -->
      <xsl:variable name="on-me" select="$can-approve and (approvals/approval[@mine = '1'] or changes/change[@status = 'proposed'][not(@id = ../../approvals/approval[@mine = '1']/@change-id)])"/>
      <section class="card card-warning" aria-labelledby="waiting-h">
        <div class="card-head"><h2 id="waiting-h">
          <xsl:choose>
            <xsl:when test="$on-me">Waiting on you</xsl:when>
            <xsl:when test="$can-approve">Waiting on others</xsl:when>
            <xsl:otherwise>Waiting on <xsl:value-of select="/page/session/@client-name"/>’s approvers</xsl:otherwise>
          </xsl:choose></h2></div>
        <div class="card-body">
          <xsl:if test="not($can-approve)">
            <p class="muted waiting-view-note">For your information: a contact with approval rights decides these.</p>
          </xsl:if>
          <xsl:if test="approvals/approval">
            <ul class="waiting-approvals">
              <xsl:for-each select="approvals/approval">
                <li class="waiting-approval">
                  <xsl:choose>
                    <xsl:when test="@mine = '1'"><a href="/portal/approvals/{@id}"><xsl:if test="@change-id">Change request: </xsl:if><xsl:value-of select="@title"/></a></xsl:when>
                    <xsl:when test="@document-id"><a href="/documents/{@document-id}"><xsl:value-of select="@title"/></a></xsl:when>
                    <xsl:otherwise>Change request: <xsl:value-of select="@title"/></xsl:otherwise>
                  </xsl:choose>
                  <xsl:if test="@version"> (version <xsl:value-of select="@version"/>)</xsl:if> ·
                  approval due <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@due-date)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template> ·
                  <xsl:choose>
                    <xsl:when test="@mine = '1' and $can-approve"><a class="btn btn-small btn-primary" href="/portal/approvals/{@id}">Review and decide</a></xsl:when>
                    <xsl:when test="@mine = '1'"><span class="muted">your access no longer allows approving</span></xsl:when>
                    <xsl:otherwise><span class="muted">waiting on <xsl:value-of select="@contact-name"/></span></xsl:otherwise>
                  </xsl:choose></li>
              </xsl:for-each>
            </ul>
          </xsl:if>
          <!-- a change with a request sent to this contact is decided from that request's page -->
          <xsl:for-each select="changes/change[@status = 'proposed'][not(@id = ../../approvals/approval[@mine = '1']/@change-id)]">
            <article class="change-proposal" id="change-{@id}">
              <h3><xsl:value-of select="@title"/></h3>
              <xsl:if test="normalize-space(@description) != ''"><p><xsl:value-of select="@description"/></p></xsl:if>
              <p class="meta-line">
                <span class="meta-item">Impact: <strong><xsl:value-of select="concat(substring('+', 1, @impact-days &gt; 0), translate(@impact-days, '-', '−'))"/> days</strong></span>
                <span class="meta-item"><strong><xsl:call-template name="signed-hours"><xsl:with-param name="minutes" select="@impact-minutes"/></xsl:call-template></strong></span>
                <span class="meta-item"><strong><xsl:call-template name="signed-money"><xsl:with-param name="amount" select="@impact-amount"/><xsl:with-param name="currency" select="@currency"/></xsl:call-template></strong></span></p>
              <xsl:if test="@shift-from">
                <p class="meta-line">Milestones and tasks due on or after <xsl:call-template name="date"><xsl:with-param name="iso" select="@shift-from"/></xsl:call-template> move with it.</p>
              </xsl:if>
              <xsl:if test="$can-approve">
                <xsl:variable name="form" select="concat('change-', @id)"/>
                <form method="post" action="/portal/changes/{@id}#change-{@id}" class="form change-decision">
                  <xsl:call-template name="csrf"/>
                  <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$form"/></xsl:call-template>
                  <xsl:call-template name="field">
                    <xsl:with-param name="form" select="$form"/>
                    <xsl:with-param name="name" select="'note'"/>
                    <xsl:with-param name="label" select="'Note (optional)'"/>
                    <xsl:with-param name="type" select="'textarea'"/>
                    <xsl:with-param name="rows" select="2"/>
                    <xsl:with-param name="hint" select="'Your reasons go on record with your decision.'"/>
                  </xsl:call-template>
                  <xsl:for-each select="/page/form-state[@for = $form]/error[@field = 'decision']">
                    <p class="field-error" role="alert"><xsl:value-of select="."/></p>
                  </xsl:for-each>
                  <div class="form-actions">
                    <button type="submit" name="decision" value="approved" class="btn btn-primary">Accept change</button>
                    <button type="submit" name="decision" value="rejected" class="btn">Decline</button>
                  </div>
                </form>
              </xsl:if>
            </article>
          </xsl:for-each>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- the client-visible documents, newest version each (src/page/portal_view.c) -->
  <xsl:template name="portal-documents">
    <section class="card" aria-labelledby="docs-h">
      <div class="card-head"><h2 id="docs-h">Shared documents</h2>
        <xsl:if test="shared-documents/@more = '1'"><a class="card-link" href="/projects/{project/@id}/documents">All shared documents →</a></xsl:if></div>
      <div class="card-body">
        <xsl:choose>
          <xsl:when test="shared-documents/document">
            <!-- the newest ten (PORTAL_DOCS); @more when there are others -->
            <ul class="doc-list">
              <xsl:for-each select="shared-documents/document">
                <li><a href="/documents/{@id}"><xsl:value-of select="@title"/></a> · v<xsl:value-of select="@version"/> ·
                  <a href="/files/{@version-id}">download</a><xsl:if test="@locked = '1'"> · <span class="badge status-on">Approved</span></xsl:if></li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise><p class="empty-inline">No documents shared yet.</p></xsl:otherwise>
        </xsl:choose>
      </div>
    </section>
  </xsl:template>

  <!-- issue 16: what the team waits for from the client (open waits on client-visible tasks and
       milestones); nothing when nothing waits -->
  <xsl:template name="portal-client-waits">
    <xsl:if test="client-waits/wait">
      <section class="card card-warning" aria-labelledby="cw-h">
        <div class="card-head"><h2 id="cw-h">What the team needs from you</h2></div>
        <div class="card-body">
          <ul class="wait-list">
            <xsl:for-each select="client-waits/wait">
              <li><strong><xsl:value-of select="@what"/></strong>
                <span class="muted"> · for <xsl:value-of select="@item"/>, since <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@from)"/></xsl:call-template></span></li>
            </xsl:for-each>
          </ul>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- the next client-visible milestones -->
  <xsl:template name="portal-milestones">
    <section class="card" aria-labelledby="ms-h">
      <div class="card-head"><h2 id="ms-h">Next milestones</h2></div>
      <div class="card-body">
        <xsl:choose>
          <xsl:when test="next-milestones/milestone">
            <ul class="milestone-list">
              <xsl:for-each select="next-milestones/milestone">
                <li><xsl:value-of select="@name"/> · <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@due-date)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template>
                  <!-- issue 16: what the milestone must meet, as agreed -->
                  <xsl:variable name="k" select="../../milestone-criteria/criterion[@milestone-id = current()/@id]"/>
                  <xsl:if test="$k">
                    <ul class="criteria-list milestone-criteria" aria-label="Acceptance criteria of {@name}">
                      <xsl:for-each select="$k"><li class="criterion"><span class="criterion-text"><xsl:value-of select="@text"/></span></li></xsl:for-each>
                    </ul>
                  </xsl:if></li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise><p class="empty-inline">No upcoming milestones.</p></xsl:otherwise>
        </xsl:choose>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
