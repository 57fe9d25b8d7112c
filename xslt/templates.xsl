<?xml version="1.0" encoding="UTF-8"?>
<!--
  templates.xsl - project templates and the agency's working days (issue 16).
    workdays        <week mon tue wed thu fri sat sun/> ('1' a working day)
                    <holidays count><holiday day name weekday past/></holidays>;
                    forms "week" (POST /settings/calendar), "holiday" (POST
                    /settings/calendar/holidays), removal (POST /settings/calendar/holidays/remove)
    template-list   <templates count><template id name description created-by-name updated-at
                    tasks milestones roles working-days estimate-minutes/></templates>
    template        <template …/><roles><role id name tasks/></roles>
                    <milestones><milestone id name day-offset client-visible tasks/></milestones>
                    <tasks count><task id title milestone-id milestone-name role-id role-name
                    start-offset end-offset duration estimate-minutes estimate-input
                    client-visible><after id title/>…</task></tasks>
                    <kpis><kpi id name target/></kpis><risks><risk id title probability impact
                    score mitigation/></risks>; forms "template", "milestone-{id}", "role-{id}",
                    "delete"
    template-task   the same lists, the task edited marked current="1"; form "task"
    template-save   <project …/><people tasks milestones><person id name role pm tasks
                    suggested-role/></people>; form "template" (role_{user id} per person)
    template-use    <template …/><roles><role id name tasks/></roles><clients/><pms/><staff/>
                    <currencies/><preset client-id/>; form "use" (role_{role id} per role)
  Offsets are working days after a project's first working day (0: that day); a task's days are
  offsets start-offset to end-offset.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>
  <xsl:include href="qa-common.xsl"/>

  <!-- ============================================================ working days -->

  <xsl:template match="page[@name='workdays']" mode="main">
    <xsl:variable name="w" select="week"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="settings" select="true()"/>
      <xsl:with-param name="title" select="'Working days'"/>
      <xsl:with-param name="sub" select="'The agency’s working week and holidays. Templates, “shift dependants” and day counts place work on working days only.'"/>
    </xsl:call-template>

    <div class="grid-main-side">
      <div class="col-main">
        <section class="card" aria-labelledby="holidays-h" id="holidays">
          <div class="card-head"><h2 id="holidays-h">Holidays</h2></div>
          <xsl:choose>
            <xsl:when test="holidays/holiday">
              <div class="table-wrap">
                <table class="table t-holidays">
                  <thead><tr><th scope="col">Date</th><th scope="col">Holiday</th><th scope="col"><span class="sr-only">Remove</span></th></tr></thead>
                  <tbody>
                    <xsl:for-each select="holidays/holiday">
                      <tr>
                        <xsl:if test="@past = 1"><xsl:attribute name="class">is-past</xsl:attribute></xsl:if>
                        <td class="nowrap"><xsl:call-template name="weekday-name"><xsl:with-param name="n" select="@weekday"/></xsl:call-template><xsl:text> </xsl:text><xsl:call-template name="date"><xsl:with-param name="iso" select="@day"/></xsl:call-template></td>
                        <td><xsl:value-of select="@name"/></td>
                        <td class="num">
                          <form method="post" action="/settings/calendar/holidays/remove" class="inline-form" data-confirm="Remove the holiday “{@name}” on {@day}? It becomes a working day again if the week says so.">
                            <xsl:call-template name="csrf"/>
                            <input type="hidden" name="day" value="{@day}"/>
                            <button type="submit" class="btn btn-sm btn-danger">Remove<span class="sr-only"> <xsl:value-of select="@name"/></span></button>
                          </form>
                        </td>
                      </tr>
                    </xsl:for-each>
                  </tbody>
                </table>
              </div>
            </xsl:when>
            <xsl:otherwise>
              <div class="card-body"><p class="empty-inline">No holidays yet.</p></div>
            </xsl:otherwise>
          </xsl:choose>
          <form method="post" action="/settings/calendar/holidays" class="form card-body holiday-form">
            <h3 class="sub-h">Add a holiday</h3>
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'holiday'"/></xsl:call-template>
            <div class="form-row">
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'holiday'"/>
                <xsl:with-param name="name" select="'day'"/>
                <xsl:with-param name="label" select="'Date'"/>
                <xsl:with-param name="type" select="'date'"/>
                <xsl:with-param name="required" select="true()"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'holiday'"/>
                <xsl:with-param name="name" select="'name'"/>
                <xsl:with-param name="label" select="'Name'"/>
                <xsl:with-param name="required" select="true()"/>
                <xsl:with-param name="placeholder" select="'New Year’s Day'"/>
              </xsl:call-template>
            </div>
            <div class="form-actions"><button type="submit" class="btn btn-primary">Add holiday</button></div>
          </form>
        </section>
      </div>
      <aside class="col-side">
        <section class="card" aria-labelledby="week-h">
          <div class="card-head"><h2 id="week-h">Working week</h2></div>
          <form method="post" action="/settings/calendar" class="form card-body week-form">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'week'"/></xsl:call-template>
            <fieldset class="field field-choices week-days">
              <legend>Days people work</legend>
              <xsl:call-template name="week-day"><xsl:with-param name="name" select="'mon'"/><xsl:with-param name="label" select="'Monday'"/><xsl:with-param name="on" select="$w/@mon"/></xsl:call-template>
              <xsl:call-template name="week-day"><xsl:with-param name="name" select="'tue'"/><xsl:with-param name="label" select="'Tuesday'"/><xsl:with-param name="on" select="$w/@tue"/></xsl:call-template>
              <xsl:call-template name="week-day"><xsl:with-param name="name" select="'wed'"/><xsl:with-param name="label" select="'Wednesday'"/><xsl:with-param name="on" select="$w/@wed"/></xsl:call-template>
              <xsl:call-template name="week-day"><xsl:with-param name="name" select="'thu'"/><xsl:with-param name="label" select="'Thursday'"/><xsl:with-param name="on" select="$w/@thu"/></xsl:call-template>
              <xsl:call-template name="week-day"><xsl:with-param name="name" select="'fri'"/><xsl:with-param name="label" select="'Friday'"/><xsl:with-param name="on" select="$w/@fri"/></xsl:call-template>
              <xsl:call-template name="week-day"><xsl:with-param name="name" select="'sat'"/><xsl:with-param name="label" select="'Saturday'"/><xsl:with-param name="on" select="$w/@sat"/></xsl:call-template>
              <xsl:call-template name="week-day"><xsl:with-param name="name" select="'sun'"/><xsl:with-param name="label" select="'Sunday'"/><xsl:with-param name="on" select="$w/@sun"/></xsl:call-template>
            </fieldset>
            <p class="hint">At least one day. Plans made already keep their dates.</p>
            <div class="form-actions"><button type="submit" class="btn btn-primary">Save working week</button></div>
          </form>
        </section>
      </aside>
    </div>
  </xsl:template>

  <!-- one checkbox of the working week; a form coming back keeps its ticks -->
  <xsl:template name="week-day">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="on"/>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="'week'"/>
      <xsl:with-param name="name" select="$name"/>
      <xsl:with-param name="label" select="$label"/>
      <xsl:with-param name="type" select="'checkbox'"/>
      <xsl:with-param name="value" select="string($on)"/>
    </xsl:call-template>
  </xsl:template>

  <!-- MariaDB's WEEKDAY(): 0 Monday .. 6 Sunday -->
  <xsl:template name="weekday-name">
    <xsl:param name="n"/>
    <xsl:value-of select="substring('MonTueWedThuFriSatSun', 3 * $n + 1, 3)"/>
  </xsl:template>

  <!-- ============================================================ the list -->

  <xsl:template match="page[@name='template-list']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Project templates'"/>
      <xsl:with-param name="sub" select="'Plans to start a project from: milestones and tasks on working days, roles instead of people, KPIs and standard risks.'"/>
      <xsl:with-param name="actions">
        <xsl:if test="$is-admin"><a class="btn" href="/settings/calendar">Working days</a></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
    <section class="card">
      <xsl:choose>
        <xsl:when test="templates/template">
          <div class="table-wrap">
            <table class="table t-templates">
              <thead><tr>
                <th scope="col">Template</th>
                <th scope="col" class="num">Tasks</th>
                <th scope="col" class="num hide-sm">Milestones</th>
                <th scope="col" class="num hide-sm">Roles</th>
                <th scope="col" class="num">Working days</th>
                <th scope="col" class="num hide-sm">Estimate</th>
                <th scope="col"><span class="sr-only">Use</span></th>
              </tr></thead>
              <tbody>
                <xsl:for-each select="templates/template">
                  <tr>
                    <td><a class="row-title" href="/templates/{@id}"><xsl:value-of select="@name"/></a>
                      <xsl:if test="normalize-space(@description) != ''"><span class="row-sub"><xsl:value-of select="substring(@description, 1, 120)"/><xsl:if test="string-length(@description) &gt; 120">…</xsl:if></span></xsl:if></td>
                    <td class="num"><xsl:value-of select="@tasks"/></td>
                    <td class="num hide-sm"><xsl:value-of select="@milestones"/></td>
                    <td class="num hide-sm"><xsl:value-of select="@roles"/></td>
                    <td class="num"><xsl:value-of select="@working-days"/></td>
                    <td class="num hide-sm"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@estimate-minutes"/></xsl:call-template></td>
                    <td class="num"><a class="btn btn-sm" href="/templates/{@id}/use">New project<span class="sr-only"> from <xsl:value-of select="@name"/></span></a></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'No templates yet'"/>
            <xsl:with-param name="text" select="'Open a project whose plan worked well and choose “Save as template”.'"/>
            <xsl:with-param name="action-href" select="'/projects'"/>
            <xsl:with-param name="action-label" select="'Projects'"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ============================================================ one template -->

  <xsl:template name="template-crumbs">
    <xsl:param name="t"/>
    <xsl:param name="last" select="false()"/>
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/templates">Templates</a>
      <xsl:if test="$last">
        <span class="crumb-sep" aria-hidden="true">/</span>
        <a href="/templates/{$t/@id}"><xsl:value-of select="$t/@name"/></a>
      </xsl:if>
    </nav>
  </xsl:template>

  <xsl:template match="page[@name='template']" mode="main">
    <xsl:variable name="t" select="template"/>
    <xsl:call-template name="template-crumbs"><xsl:with-param name="t" select="$t"/></xsl:call-template>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow" select="'Project template'"/>
      <xsl:with-param name="title" select="string($t/@name)"/>
      <xsl:with-param name="meta">
        <span class="meta-item"><xsl:value-of select="$t/@tasks"/> tasks</span>
        <span class="meta-item"><xsl:value-of select="$t/@milestones"/> milestones</span>
        <span class="meta-item"><xsl:value-of select="$t/@working-days"/> working days</span>
        <span class="meta-item"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$t/@estimate-minutes"/></xsl:call-template> h estimated</span>
        <xsl:if test="normalize-space($t/@created-by-name) != ''"><span class="meta-item">Saved by <xsl:value-of select="$t/@created-by-name"/></span></xsl:if>
      </xsl:with-param>
      <xsl:with-param name="actions">
        <a class="btn btn-primary" href="/templates/{$t/@id}/use">New project from this template</a>
      </xsl:with-param>
    </xsl:call-template>

    <div class="grid-main-side">
      <div class="col-main">
        <section class="card" aria-labelledby="tasks-h" id="tasks">
          <div class="card-head"><h2 id="tasks-h">Tasks</h2><span class="card-note">Offsets in working days after the project’s start</span></div>
          <xsl:choose>
            <xsl:when test="tasks/task">
              <div class="table-wrap" tabindex="0" role="region" aria-labelledby="tasks-h">
                <table class="table t-template-tasks">
                  <thead><tr>
                    <th scope="col">Task</th>
                    <th scope="col">Role</th>
                    <th scope="col" class="num">Days</th>
                    <th scope="col" class="num hide-sm">Estimate</th>
                    <th scope="col" class="hide-sm">After</th>
                  </tr></thead>
                  <tbody>
                    <xsl:for-each select="tasks/task">
                      <tr>
                        <td><a class="row-title" href="/templates/{$t/@id}/tasks/{@id}"><xsl:value-of select="@title"/></a>
                          <xsl:if test="@client-visible = 1"><span class="tag">client</span></xsl:if>
                          <xsl:if test="@milestone-name"><span class="row-sub"><xsl:value-of select="@milestone-name"/></span></xsl:if></td>
                        <td><xsl:choose><xsl:when test="@role-name"><xsl:value-of select="@role-name"/></xsl:when><xsl:otherwise><span class="muted">Nobody</span></xsl:otherwise></xsl:choose></td>
                        <td class="num">+<xsl:value-of select="@start-offset"/>–<xsl:value-of select="@end-offset"/><span class="row-sub"><xsl:value-of select="@duration"/> d</span></td>
                        <td class="num hide-sm"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@estimate-minutes"/></xsl:call-template></td>
                        <td class="hide-sm"><xsl:for-each select="after"><xsl:if test="position() &gt; 1">, </xsl:if><xsl:value-of select="@title"/></xsl:for-each></td>
                      </tr>
                    </xsl:for-each>
                  </tbody>
                </table>
              </div>
            </xsl:when>
            <xsl:otherwise><div class="card-body"><p class="empty-inline">No tasks.</p></div></xsl:otherwise>
          </xsl:choose>
        </section>

        <section class="card" aria-labelledby="ms-h" id="milestones">
          <div class="card-head"><h2 id="ms-h">Milestones</h2></div>
          <xsl:choose>
            <xsl:when test="milestones/milestone">
              <ul class="template-parts">
                <xsl:for-each select="milestones/milestone">
                  <xsl:variable name="fid" select="concat('milestone-', @id)"/>
                  <li>
                    <details class="template-part">
                      <xsl:if test="/page/form-state[@for = $fid]"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
                      <summary><strong><xsl:value-of select="@name"/></strong><span class="muted"> · due at +<xsl:value-of select="@day-offset"/> · <xsl:value-of select="@tasks"/> task<xsl:if test="@tasks != 1">s</xsl:if></span><xsl:if test="@client-visible = 1"><span class="tag">client</span></xsl:if></summary>
                      <form method="post" action="/templates/{$t/@id}/milestones/{@id}" class="form">
                        <xsl:call-template name="csrf"/>
                        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$fid"/></xsl:call-template>
                        <div class="form-row">
                          <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'name'"/><xsl:with-param name="label" select="'Name'"/><xsl:with-param name="value" select="string(@name)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
                          <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'day_offset'"/><xsl:with-param name="label" select="'Due (working days after the start)'"/><xsl:with-param name="type" select="'number'"/><xsl:with-param name="value" select="string(@day-offset)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
                        </div>
                        <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'client_visible'"/><xsl:with-param name="label" select="'Visible to the client'"/><xsl:with-param name="type" select="'checkbox'"/><xsl:with-param name="value" select="string(@client-visible)"/></xsl:call-template>
                        <div class="form-actions"><button type="submit" class="btn btn-primary btn-sm">Save milestone</button></div>
                      </form>
                      <form method="post" action="/templates/{$t/@id}/milestones/{@id}/delete" class="inline-form" data-confirm="Remove the milestone “{@name}” from the template? Its tasks stay, without a milestone.">
                        <xsl:call-template name="csrf"/>
                        <button type="submit" class="btn btn-danger btn-sm">Remove milestone</button>
                      </form>
                    </details>
                  </li>
                </xsl:for-each>
              </ul>
            </xsl:when>
            <xsl:otherwise><div class="card-body"><p class="empty-inline">No milestones.</p></div></xsl:otherwise>
          </xsl:choose>
        </section>

        <section class="card" aria-labelledby="kr-h" id="kpis">
          <div class="card-head"><h2 id="kr-h">KPIs and standard risks</h2></div>
          <div class="card-body">
            <h3 class="sub-h">KPIs <span class="muted">(a new project starts without values)</span></h3>
            <xsl:choose>
              <xsl:when test="kpis/kpi">
                <ul class="template-list">
                  <xsl:for-each select="kpis/kpi">
                    <li><span><xsl:value-of select="@name"/><span class="muted"> · target <xsl:value-of select="@target"/></span></span>
                      <form method="post" action="/templates/{$t/@id}/kpis/{@id}/delete" class="inline-form" data-confirm="Remove the KPI “{@name}” from the template?">
                        <xsl:call-template name="csrf"/>
                        <button type="submit" class="btn btn-danger btn-sm">Remove<span class="sr-only"> <xsl:value-of select="@name"/></span></button>
                      </form></li>
                  </xsl:for-each>
                </ul>
              </xsl:when>
              <xsl:otherwise><p class="empty-inline">No KPIs.</p></xsl:otherwise>
            </xsl:choose>
            <h3 class="sub-h" id="risks">Standard risks <span class="muted">(open, no owner)</span></h3>
            <xsl:choose>
              <xsl:when test="risks/risk">
                <ul class="template-list">
                  <xsl:for-each select="risks/risk">
                    <li><span><span class="score"><xsl:value-of select="@score"/></span><xsl:text> </xsl:text><xsl:value-of select="@title"/><span class="muted"> · probability <xsl:value-of select="@probability"/>, impact <xsl:value-of select="@impact"/></span></span>
                      <form method="post" action="/templates/{$t/@id}/risks/{@id}/delete" class="inline-form" data-confirm="Remove the risk “{@title}” from the template?">
                        <xsl:call-template name="csrf"/>
                        <button type="submit" class="btn btn-danger btn-sm">Remove<span class="sr-only"> <xsl:value-of select="@title"/></span></button>
                      </form></li>
                  </xsl:for-each>
                </ul>
              </xsl:when>
              <xsl:otherwise><p class="empty-inline">No standard risks.</p></xsl:otherwise>
            </xsl:choose>
          </div>
        </section>
      </div>

      <aside class="col-side">
        <section class="card" aria-labelledby="about-h">
          <div class="card-head"><h2 id="about-h">About</h2></div>
          <form method="post" action="/templates/{$t/@id}" class="form card-body">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'template'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'template'"/><xsl:with-param name="name" select="'name'"/><xsl:with-param name="label" select="'Name'"/><xsl:with-param name="value" select="string($t/@name)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'template'"/><xsl:with-param name="name" select="'description'"/><xsl:with-param name="label" select="'Description'"/><xsl:with-param name="type" select="'textarea'"/><xsl:with-param name="value" select="string($t/@description)"/><xsl:with-param name="hint" select="'When to use it. Never a client’s name: a template is for any client.'"/></xsl:call-template>
            <div class="form-actions"><button type="submit" class="btn btn-primary btn-sm">Save</button></div>
          </form>
        </section>
        <section class="card" aria-labelledby="roles-h" id="roles">
          <div class="card-head"><h2 id="roles-h">Roles</h2></div>
          <div class="card-body">
            <p class="hint">Each role is filled by one person when a project is made from the template.</p>
            <xsl:for-each select="roles/role">
              <xsl:variable name="fid" select="concat('role-', @id)"/>
              <form method="post" action="/templates/{$t/@id}/roles/{@id}" class="form role-form">
                <xsl:call-template name="csrf"/>
                <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'name'"/><xsl:with-param name="label" select="concat('Role (', @tasks, ' task', substring('s', 1, @tasks != 1), ')')"/><xsl:with-param name="value" select="string(@name)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
                <button type="submit" class="btn btn-sm">Rename</button>
              </form>
            </xsl:for-each>
            <xsl:if test="not(roles/role)"><p class="empty-inline">No roles: no task is assigned.</p></xsl:if>
          </div>
        </section>
        <section class="card" aria-labelledby="del-h">
          <div class="card-head"><h2 id="del-h">Delete the template</h2></div>
          <form method="post" action="/templates/{$t/@id}/delete" class="form card-body" data-confirm="Delete the template “{$t/@name}”? This cannot be undone.">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'delete'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'delete'"/><xsl:with-param name="name" select="'confirm'"/><xsl:with-param name="label" select="'Delete this template and everything in it'"/><xsl:with-param name="type" select="'checkbox'"/></xsl:call-template>
            <p class="hint">Projects made from it keep their plans.</p>
            <div class="form-actions"><button type="submit" class="btn btn-danger btn-sm">Delete template</button></div>
          </form>
        </section>
      </aside>
    </div>
  </xsl:template>

  <!-- ============================================================ one task of a template -->

  <xsl:template match="page[@name='template-task']" mode="main">
    <xsl:variable name="t" select="template"/>
    <xsl:variable name="k" select="tasks/task[@current = 1]"/>
    <xsl:call-template name="template-crumbs"><xsl:with-param name="t" select="$t"/><xsl:with-param name="last" select="true()"/></xsl:call-template>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow" select="'Task of the template'"/>
      <xsl:with-param name="title" select="string($k/@title)"/>
      <xsl:with-param name="meta">
        <span class="meta-item">Working days +<xsl:value-of select="$k/@start-offset"/> to +<xsl:value-of select="$k/@end-offset"/></span>
        <xsl:if test="$k/@role-name"><span class="meta-item"><xsl:value-of select="$k/@role-name"/></span></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
    <div class="grid-main-side">
      <div class="col-main">
        <section class="card">
          <form method="post" action="/templates/{$t/@id}/tasks/{$k/@id}" class="form card-body">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'task'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'title'"/><xsl:with-param name="label" select="'Title'"/><xsl:with-param name="value" select="string($k/@title)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
            <div class="form-row">
              <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'role_id'"/><xsl:with-param name="label" select="'Role'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="empty" select="'Nobody'"/><xsl:with-param name="options" select="roles/role"/><xsl:with-param name="value" select="string($k/@role-id)"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'milestone_id'"/><xsl:with-param name="label" select="'Milestone'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="empty" select="'None'"/><xsl:with-param name="options" select="milestones/milestone"/><xsl:with-param name="value" select="string($k/@milestone-id)"/></xsl:call-template>
            </div>
            <div class="form-row form-row-3">
              <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'start_offset'"/><xsl:with-param name="label" select="'Start (working days after the start)'"/><xsl:with-param name="type" select="'number'"/><xsl:with-param name="value" select="string($k/@start-offset)"/><xsl:with-param name="required" select="true()"/><xsl:with-param name="hint" select="'0: the project’s first working day.'"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'duration'"/><xsl:with-param name="label" select="'Duration (working days)'"/><xsl:with-param name="type" select="'number'"/><xsl:with-param name="value" select="string($k/@duration)"/><xsl:with-param name="required" select="true()"/><xsl:with-param name="hint" select="'1 or more.'"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'estimate_hours'"/><xsl:with-param name="label" select="'Estimate (hours)'"/><xsl:with-param name="inputmode" select="'decimal'"/><xsl:with-param name="value" select="string($k/@estimate-input)"/></xsl:call-template>
            </div>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'client_visible'"/><xsl:with-param name="label" select="'Visible to the client'"/><xsl:with-param name="type" select="'checkbox'"/><xsl:with-param name="value" select="string($k/@client-visible)"/></xsl:call-template>
            <div class="form-actions">
              <button type="submit" class="btn btn-primary">Save task</button>
              <a class="btn btn-ghost" href="/templates/{$t/@id}#tasks">Cancel</a>
            </div>
          </form>
        </section>
      </div>
      <aside class="col-side">
        <section class="card" aria-labelledby="links-h">
          <div class="card-head"><h2 id="links-h">Linked tasks</h2></div>
          <div class="card-body">
            <h3 class="sub-h">It starts after</h3>
            <xsl:choose>
              <xsl:when test="$k/after">
                <ul class="template-list">
                  <xsl:for-each select="$k/after">
                    <xsl:variable name="id" select="@id"/>
                    <li><a href="/templates/{$t/@id}/tasks/{@id}"><xsl:value-of select="@title"/></a><span class="muted"> · ends at +<xsl:value-of select="../../task[@id = $id]/@end-offset"/></span></li>
                  </xsl:for-each>
                </ul>
              </xsl:when>
              <xsl:otherwise><p class="empty-inline">No task.</p></xsl:otherwise>
            </xsl:choose>
            <h3 class="sub-h">Waiting for it</h3>
            <xsl:choose>
              <xsl:when test="tasks/task[after/@id = $k/@id]">
                <ul class="template-list">
                  <xsl:for-each select="tasks/task[after/@id = $k/@id]">
                    <li><a href="/templates/{$t/@id}/tasks/{@id}"><xsl:value-of select="@title"/></a><span class="muted"> · starts at +<xsl:value-of select="@start-offset"/></span></li>
                  </xsl:for-each>
                </ul>
              </xsl:when>
              <xsl:otherwise><p class="empty-inline">No task.</p></xsl:otherwise>
            </xsl:choose>
          </div>
          <form method="post" action="/templates/{$t/@id}/tasks/{$k/@id}/delete" class="card-body inline-form" data-confirm="Remove “{$k/@title}” from the template, with its links to other tasks?">
            <xsl:call-template name="csrf"/>
            <button type="submit" class="btn btn-danger btn-sm">Remove task</button>
          </form>
        </section>
      </aside>
    </div>
  </xsl:template>

  <!-- ============================================================ saving a project's plan -->

  <xsl:template match="page[@name='template-save']" mode="main">
    <xsl:variable name="p" select="project"/>
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/projects">Projects</a>
      <span class="crumb-sep" aria-hidden="true">/</span>
      <a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a>
    </nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Save as a template'"/>
      <xsl:with-param name="sub" select="concat(people/@milestones, ' milestones and ', people/@tasks, ' tasks, placed on working days from the start, become a plan for any client.')"/>
    </xsl:call-template>
    <div class="grid-main-side">
      <div class="col-main">
        <section class="card">
          <form method="post" action="/projects/{$p/@id}/template" class="form card-body">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'template'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'template'"/><xsl:with-param name="name" select="'name'"/><xsl:with-param name="label" select="'Template name'"/><xsl:with-param name="required" select="true()"/><xsl:with-param name="placeholder" select="'Website build'"/><xsl:with-param name="hint" select="'Never a client’s name: a template is for any client.'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'template'"/><xsl:with-param name="name" select="'description'"/><xsl:with-param name="label" select="'Description'"/><xsl:with-param name="type" select="'textarea'"/><xsl:with-param name="placeholder" select="'When to use it'"/></xsl:call-template>
            <fieldset class="form-section">
              <legend>Roles instead of people</legend>
              <xsl:choose>
                <xsl:when test="people/person">
                  <p class="hint">Each person’s tasks get a role; whoever starts a project from the template chooses who fills it. The same role for two people makes one role.</p>
                  <xsl:for-each select="people/person">
                    <xsl:call-template name="field">
                      <xsl:with-param name="form" select="'template'"/>
                      <xsl:with-param name="name" select="concat('role_', @id)"/>
                      <xsl:with-param name="label" select="concat('Role of ', @name, ' (', @tasks, ' task', substring('s', 1, @tasks != 1), ')')"/>
                      <xsl:with-param name="value" select="string(@suggested-role)"/>
                      <xsl:with-param name="required" select="true()"/>
                    </xsl:call-template>
                  </xsl:for-each>
                </xsl:when>
                <xsl:otherwise><p class="empty-inline">No task is assigned: the template has no roles.</p></xsl:otherwise>
              </xsl:choose>
            </fieldset>
            <div class="form-actions">
              <button type="submit" class="btn btn-primary">Save template</button>
              <a class="btn btn-ghost" href="/projects/{$p/@id}">Cancel</a>
            </div>
          </form>
        </section>
      </div>
      <aside class="col-side">
        <section class="card" aria-labelledby="what-h">
          <div class="card-head"><h2 id="what-h">What is kept</h2></div>
          <div class="card-body">
            <ul class="check-list">
              <li>Milestones and tasks, their offsets and durations in working days</li>
              <li>Dependencies, estimates, client-visible flags</li>
              <li>Roles instead of the people assigned</li>
              <li>KPIs without their values; risks without owners</li>
            </ul>
            <p class="hint">Never time, documents, messages or the client’s name: a client’s name in a title becomes “{client}”, filled in with the next project’s client.</p>
          </div>
        </section>
      </aside>
    </div>
  </xsl:template>

  <!-- ============================================================ a project from a template -->

  <xsl:template match="page[@name='template-use']" mode="main">
    <xsl:variable name="t" select="template"/>
    <xsl:variable name="staff" select="staff/user"/>
    <xsl:call-template name="template-crumbs"><xsl:with-param name="t" select="$t"/><xsl:with-param name="last" select="true()"/></xsl:call-template>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="concat('New project from “', $t/@name, '”')"/>
      <xsl:with-param name="sub" select="concat($t/@tasks, ' tasks and ', $t/@milestones, ' milestones over ', $t/@working-days, ' working days, dated from the start you choose.')"/>
    </xsl:call-template>
    <xsl:call-template name="template-lessons-box"/>
    <xsl:call-template name="client-lessons-box"/>
    <section class="card card-narrow">
      <form method="post" action="/templates/{$t/@id}/use" class="form card-body">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'use'"/></xsl:call-template>
        <fieldset class="form-section">
          <legend>The project</legend>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'use'"/><xsl:with-param name="name" select="'client_id'"/><xsl:with-param name="label" select="'Client'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="empty" select="'Choose a client…'"/><xsl:with-param name="options" select="clients/client"/><xsl:with-param name="value" select="string(preset/@client-id)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'use'"/><xsl:with-param name="name" select="'name'"/><xsl:with-param name="label" select="'Project name'"/><xsl:with-param name="required" select="true()"/><xsl:with-param name="placeholder" select="'Website relaunch'"/></xsl:call-template>
          <div class="form-row">
            <xsl:call-template name="field"><xsl:with-param name="form" select="'use'"/><xsl:with-param name="name" select="'start_date'"/><xsl:with-param name="label" select="'Start date'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="required" select="true()"/><xsl:with-param name="hint" select="'A weekend or holiday moves on to the next working day.'"/></xsl:call-template>
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'use'"/><xsl:with-param name="name" select="'pm_id'"/><xsl:with-param name="label" select="'Project manager'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="empty" select="'Not assigned'"/><xsl:with-param name="options" select="pms/user"/>
              <xsl:with-param name="value"><xsl:if test="$role = 'pm'"><xsl:value-of select="$session/@user-id"/></xsl:if></xsl:with-param>
            </xsl:call-template>
          </div>
          <div class="form-row">
            <xsl:call-template name="field"><xsl:with-param name="form" select="'use'"/><xsl:with-param name="name" select="'code'"/><xsl:with-param name="label" select="'Code'"/><xsl:with-param name="placeholder" select="'ACME-12'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'use'"/><xsl:with-param name="name" select="'currency'"/><xsl:with-param name="label" select="'Currency'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="options" select="currencies/currency"/><xsl:with-param name="value" select="'EUR'"/></xsl:call-template>
          </div>
        </fieldset>
        <fieldset class="form-section">
          <legend>Who fills each role</legend>
          <xsl:choose>
            <xsl:when test="roles/role">
              <xsl:for-each select="roles/role">
                <xsl:call-template name="field">
                  <xsl:with-param name="form" select="'use'"/>
                  <xsl:with-param name="name" select="concat('role_', @id)"/>
                  <xsl:with-param name="label" select="concat(@name, ' (', @tasks, ' task', substring('s', 1, @tasks != 1), ')')"/>
                  <xsl:with-param name="type" select="'select'"/>
                  <xsl:with-param name="empty" select="'Choose a person…'"/>
                  <xsl:with-param name="options" select="$staff"/>
                  <xsl:with-param name="required" select="true()"/>
                </xsl:call-template>
              </xsl:for-each>
            </xsl:when>
            <xsl:otherwise><p class="empty-inline">This template has no roles: its tasks start unassigned.</p></xsl:otherwise>
          </xsl:choose>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Create project</button>
          <a class="btn btn-ghost" href="/templates/{$t/@id}">Cancel</a>
        </div>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
