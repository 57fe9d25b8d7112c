<?xml version="1.0" encoding="UTF-8"?>
<!--
  plan.xsl - planning and execution (src/page_plan.c, page_gantt.c, page_risk.c, page_calendar.c).
    plan          <project/><filters status assignee-id/><members><user id name pm/></members>
                  <staff><user/></staff><milestones><milestone …/></milestones>
                  <groups count><group milestone-id name due-date><task …/></group></groups>
                  <conflicts><conflict …/></conflicts><all-tasks><task id title/></all-tasks>;
                  forms "task", "milestone", "member", "milestone-{id}"
    task          <task …/><depends-on><task/></depends-on><members/><milestones/>
                  <conflicts><dependant/><predecessor/></conflicts><all-tasks/>; forms "task", "status"
                  issue 16: plan and task carry <assignee-load basis weeks from week?><user id planned
                  capacity over? week/></assignee-load> (the team's load beside the assignee choice,
                  workload_view.h); plan <client-delays> (its open periods: "waiting on client" tags),
                  task <client-wait …><period/></client-wait> (delay_view.h)
    me            <tasks><task … overdue/></tasks>
    gantt,
    portal-gantt  <project/><gantt … bars-*, prog-*, baselines, deps (SVG paths)><rows><group …><name/><task … label/></group></rows>
                  <conflicts count><conflict/></conflicts><scale><tick x label/></scale>
                  <changes><change …><title/></change></changes></gantt>
                  Every coordinate is computed in C; this sheet only writes elements.
    risks         <project/><heatmap/><risks><risk …/></risks><members/>; forms "risk", "risk-{id}"
    changes       <project/><changes><change …/></changes><approvals><approval change-id state …
                  audit record/></approvals><approvers><contact id name email/></approvers>;
                  forms "change", "change-{id}", "approval-{id}" (ask), "record-{approval id}"
    calendar      <project/><feeds><feed/></feeds><new-feed-url/>; form "feed"
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>
  <xsl:include href="plan-common.xsl"/>

  <!-- a change request's approval requests (the changes page) -->
  <xsl:key name="change-approvals" match="/page/approvals/approval" use="@change-id"/>
  <!-- issue 16: what waits on the client (the plan page), a person's load (the task form) -->
  <xsl:key name="waiting" match="/page/client-delays/period" use="concat(@kind, '-', @item-id)"/>
  <xsl:key name="load" match="/page/assignee-load/user" use="@id"/>

  <xsl:variable name="status-choices" select="'todo=To do|doing=In progress|blocked=Blocked|done=Done'"/>
  <xsl:variable name="status-labels" select="'|todo=To do|doing=In progress|blocked=Blocked|done=Done|'"/>
  <xsl:variable name="risk-status-choices" select="'open=Open|mitigated=Mitigated|closed=Closed|occurred=Occurred'"/>
  <xsl:variable name="level-choices" select="'1=1 (very low)|2=2 (low)|3=3 (medium)|4=4 (high)|5=5 (very high)'"/>

  <xsl:template name="status-badge">
    <xsl:param name="status"/>
    <span class="tstatus tstatus-{$status}"><xsl:value-of select="substring-before(substring-after($status-labels, concat('|', $status, '=')), '|')"/></span>
  </xsl:template>

  <xsl:template name="project-crumbs">
    <xsl:param name="p"/>
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/projects">Projects</a>
      <span class="crumb-sep" aria-hidden="true">/</span>
      <a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a>
    </nav>
  </xsl:template>

  <xsl:template name="slip">
    <xsl:param name="days"/>
    <xsl:choose>
      <xsl:when test="string($days) = ''"><span class="muted">—</span></xsl:when>
      <xsl:when test="$days &gt; 0"><span class="slip slip-late">+<xsl:value-of select="$days"/> d</span></xsl:when>
      <xsl:when test="$days &lt; 0"><span class="slip slip-early"><xsl:value-of select="$days"/> d</span></xsl:when>
      <xsl:otherwise><span class="slip">on plan</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ the plan: tasks by milestone -->

  <xsl:template match="page[@name='plan']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:call-template name="project-crumbs"><xsl:with-param name="p" select="$p"/></xsl:call-template>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Plan'"/>
      <xsl:with-param name="sub"><xsl:value-of select="groups/@count"/> tasks in <xsl:value-of select="count(milestones/milestone)"/> milestones</xsl:with-param>
      <xsl:with-param name="actions"><a class="btn" href="/projects/{$p/@id}/gantt">Gantt chart</a></xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'tasks'"/></xsl:call-template>

    <xsl:if test="conflicts/conflict">
      <section class="card card-warning" aria-labelledby="conf-h">
        <div class="card-head"><h2 id="conf-h">Dependencies out of order</h2></div>
        <div class="card-body">
          <ul class="conflict-list">
            <xsl:for-each select="conflicts/conflict">
              <li>
                <a href="/tasks/{@id}"><xsl:value-of select="@title"/></a> starts
                <xsl:call-template name="date"><xsl:with-param name="iso" select="@start-date"/></xsl:call-template>,
                before <a href="/tasks/{@on-id}"><xsl:value-of select="@on-title"/></a> ends
                (<xsl:call-template name="date"><xsl:with-param name="iso" select="@on-due"/></xsl:call-template>).
              </li>
            </xsl:for-each>
          </ul>
          <p class="hint">Open the predecessor to move its dependants after it.</p>
        </div>
      </section>
    </xsl:if>

    <form method="get" action="/projects/{$p/@id}/tasks" class="filter-bar" role="search" aria-label="Filter tasks">
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'filter'"/>
        <xsl:with-param name="name" select="'assignee_id'"/>
        <xsl:with-param name="label" select="'Assignee'"/>
        <xsl:with-param name="type" select="'select'"/>
        <xsl:with-param name="empty" select="'Anyone'"/>
        <xsl:with-param name="options" select="members/user"/>
        <xsl:with-param name="value" select="string(filters/@assignee-id)"/>
        <xsl:with-param name="class" select="'field-inline'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'filter'"/>
        <xsl:with-param name="name" select="'status'"/>
        <xsl:with-param name="label" select="'Status'"/>
        <xsl:with-param name="type" select="'select'"/>
        <xsl:with-param name="empty" select="'Any status'"/>
        <xsl:with-param name="choices" select="$status-choices"/>
        <xsl:with-param name="value" select="string(filters/@status)"/>
        <xsl:with-param name="class" select="'field-inline'"/>
      </xsl:call-template>
      <div class="filter-actions">
        <button type="submit" class="btn">Filter</button>
        <a class="btn btn-ghost" href="/projects/{$p/@id}/tasks">Clear</a>
      </div>
    </form>

    <div class="grid-main-side">
      <xsl:if test="not($can-manage)"><xsl:attribute name="class">grid-single</xsl:attribute></xsl:if>
      <div class="col-main">
        <xsl:if test="not(groups/group)">
          <section class="card">
            <xsl:call-template name="empty-state">
              <xsl:with-param name="title" select="'No tasks here'"/>
              <xsl:with-param name="text" select="'Add tasks to build the plan, or clear the filters.'"/>
            </xsl:call-template>
          </section>
        </xsl:if>
        <xsl:for-each select="groups/group">
          <section class="card task-group">
            <div class="card-head">
              <h2>
                <xsl:choose>
                  <xsl:when test="@milestone-id"><span class="diamond-icon" aria-hidden="true">◆</span><xsl:text> </xsl:text><xsl:value-of select="@name"/></xsl:when>
                  <xsl:otherwise>Not in a milestone</xsl:otherwise>
                </xsl:choose>
              </h2>
              <xsl:if test="@due-date"><span class="card-aside">due <xsl:call-template name="date"><xsl:with-param name="iso" select="@due-date"/></xsl:call-template></span></xsl:if>
            </div>
            <div class="table-wrap">
              <table class="table">
                <thead><tr><th scope="col">Task</th><th scope="col" class="hide-sm">Assignee</th><th scope="col">Status</th><th scope="col" class="nowrap">Dates</th><th scope="col" class="num hide-sm">Estimate</th><th scope="col" class="num hide-sm">Slip</th></tr></thead>
                <tbody>
                  <xsl:for-each select="task">
                    <tr>
                      <xsl:if test="@overdue = 1"><xsl:attribute name="class">is-overdue</xsl:attribute></xsl:if>
                      <td>
                        <a class="row-title" href="/tasks/{@id}"><xsl:value-of select="@title"/></a>
                        <xsl:if test="@client-visible = 1"><span class="tag">client-visible</span></xsl:if>
                        <xsl:if test="@overdue = 1"><span class="tag tag-red">overdue</span></xsl:if>
                        <xsl:if test="key('waiting', concat('task-', @id))"><span class="tag tag-wait">waiting on client</span></xsl:if>
                      </td>
                      <td class="hide-sm"><xsl:choose><xsl:when test="@assignee-name"><xsl:value-of select="@assignee-name"/></xsl:when><xsl:otherwise><span class="muted">Unassigned</span></xsl:otherwise></xsl:choose></td>
                      <td><xsl:call-template name="status-badge"><xsl:with-param name="status" select="string(@status)"/></xsl:call-template></td>
                      <td class="nowrap"><xsl:call-template name="date"><xsl:with-param name="iso" select="@start-date"/></xsl:call-template> – <xsl:call-template name="date"><xsl:with-param name="iso" select="@due-date"/></xsl:call-template></td>
                      <td class="num hide-sm"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@estimate-minutes"/></xsl:call-template></td>
                      <td class="num hide-sm"><xsl:call-template name="slip"><xsl:with-param name="days" select="@slip"/></xsl:call-template></td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </div>
          </section>
        </xsl:for-each>

        <section class="card" aria-labelledby="ms-h">
          <div class="card-head"><h2 id="ms-h">Milestones</h2></div>
          <xsl:choose>
            <xsl:when test="milestones/milestone">
              <div class="table-wrap">
                <table class="table">
                  <thead><tr><th scope="col">Milestone</th><th scope="col" class="nowrap">Due</th><th scope="col" class="num">Slip</th><th scope="col">Reached</th></tr></thead>
                  <tbody>
                    <xsl:for-each select="milestones/milestone">
                      <tr>
                        <td>
                          <a class="row-title" href="/milestones/{@id}"><xsl:value-of select="@name"/></a>
                          <xsl:if test="@client-visible = 1"><span class="tag">client-visible</span></xsl:if>
                          <xsl:if test="@overdue = 1"><span class="tag tag-red">overdue</span></xsl:if>
                          <xsl:for-each select="key('waiting', concat('milestone-', @id))"><span class="tag tag-wait">waiting on client: <xsl:value-of select="@what"/></span></xsl:for-each>
                          <xsl:if test="$can-manage">
                            <xsl:variable name="fid" select="concat('milestone-', @id)"/>
                            <details class="risk-edit">
                              <xsl:if test="/page/form-state[@for = $fid]"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
                              <summary>Edit</summary>
                              <form method="post" action="/milestones/{@id}" class="form">
                                <xsl:call-template name="csrf"/>
                                <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$fid"/></xsl:call-template>
                                <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'name'"/><xsl:with-param name="label" select="'Name'"/><xsl:with-param name="value" select="string(@name)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
                                <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'due_date'"/><xsl:with-param name="label" select="'Due date'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="value" select="string(@due-date)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
                                <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'client_visible'"/><xsl:with-param name="label" select="'Visible to the client'"/><xsl:with-param name="type" select="'checkbox'"/><xsl:with-param name="value" select="string(@client-visible)"/></xsl:call-template>
                                <div class="form-actions"><button type="submit" class="btn btn-sm">Save milestone</button></div>
                              </form>
                            </details>
                          </xsl:if>
                        </td>
                        <td class="nowrap"><xsl:call-template name="date"><xsl:with-param name="iso" select="@due-date"/></xsl:call-template></td>
                        <td class="num"><xsl:call-template name="slip"><xsl:with-param name="days" select="@slip"/></xsl:call-template></td>
                        <td>
                          <xsl:choose>
                            <xsl:when test="@reached-on"><span class="tstatus tstatus-done">Reached <xsl:call-template name="date"><xsl:with-param name="iso" select="@reached-on"/></xsl:call-template></span></xsl:when>
                            <xsl:when test="$can-manage">
                              <form method="post" action="/milestones/{@id}/reached" class="inline-form">
                                <xsl:call-template name="csrf"/>
                                <button type="submit" class="btn btn-sm">Mark reached</button>
                              </form>
                            </xsl:when>
                            <xsl:otherwise><span class="muted">Not yet</span></xsl:otherwise>
                          </xsl:choose>
                        </td>
                      </tr>
                    </xsl:for-each>
                  </tbody>
                </table>
              </div>
            </xsl:when>
            <xsl:otherwise><div class="card-body"><p class="empty-inline">No milestones yet.</p></div></xsl:otherwise>
          </xsl:choose>
        </section>
      </div>

      <xsl:if test="$can-manage">
        <div class="col-side">
          <!-- in the order a plan is built: the team and the milestones that tasks refer to first -->
          <section class="card" aria-labelledby="mem-h">
            <div class="card-head"><h2 id="mem-h">Team</h2></div>
            <div class="card-body">
              <ul class="member-list">
                <xsl:for-each select="members/user">
                  <li>
                    <span><xsl:value-of select="@name"/></span>
                    <xsl:choose>
                      <xsl:when test="@pm = 1"><span class="tag">PM</span></xsl:when>
                      <xsl:otherwise>
                        <form method="post" action="/projects/{$p/@id}/members/{@id}/remove" class="inline-form">
                          <xsl:call-template name="csrf"/>
                          <button type="submit" class="link-button">Remove</button>
                        </form>
                      </xsl:otherwise>
                    </xsl:choose>
                  </li>
                </xsl:for-each>
              </ul>
              <xsl:if test="not(staff/user)"><p class="muted team-complete">All active staff are on this project.</p></xsl:if>
              <xsl:if test="staff/user or form-state[@for = 'member']">
              <form method="post" action="/projects/{$p/@id}/members" class="form">
                <xsl:call-template name="csrf"/>
                <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'member'"/></xsl:call-template>
                <xsl:call-template name="field"><xsl:with-param name="form" select="'member'"/><xsl:with-param name="name" select="'user_id'"/><xsl:with-param name="label" select="'Add a team member'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="empty" select="'Choose…'"/><xsl:with-param name="options" select="staff/user"/></xsl:call-template>
                <div class="form-actions"><button type="submit" class="btn">Add to project</button></div>
              </form>
              </xsl:if>
            </div>
          </section>
          <section class="card" aria-labelledby="nm-h">
            <div class="card-head"><h2 id="nm-h">New milestone</h2></div>
            <form method="post" action="/projects/{$p/@id}/milestones" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'milestone'"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'milestone'"/><xsl:with-param name="name" select="'name'"/><xsl:with-param name="label" select="'Name'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'milestone'"/><xsl:with-param name="name" select="'due_date'"/><xsl:with-param name="label" select="'Due date'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'milestone'"/><xsl:with-param name="name" select="'client_visible'"/><xsl:with-param name="label" select="'Visible to the client'"/><xsl:with-param name="type" select="'checkbox'"/></xsl:call-template>
              <div class="form-actions"><button type="submit" class="btn">Add milestone</button></div>
            </form>
          </section>
          <section class="card" aria-labelledby="nt-h">
            <div class="card-head"><h2 id="nt-h">New task</h2></div>
            <form method="post" action="/projects/{$p/@id}/tasks" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="task-fields"/>
              <div class="form-actions"><button type="submit" class="btn btn-primary">Add task</button></div>
            </form>
          </section>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- the task form's fields; context page (plan or task), values from task when editing -->
  <xsl:template name="task-fields">
    <xsl:variable name="t" select="/page/task"/>
    <xsl:variable name="state" select="/page/form-state[@for = 'task']"/>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'task'"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'title'"/><xsl:with-param name="label" select="'Title'"/><xsl:with-param name="value" select="string($t/@title)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'description'"/><xsl:with-param name="label" select="'Description'"/><xsl:with-param name="type" select="'textarea'"/><xsl:with-param name="rows" select="3"/><xsl:with-param name="value" select="string($t/@description)"/></xsl:call-template>
    <div class="form-row">
      <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'start_date'"/><xsl:with-param name="label" select="'Start'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="value" select="string($t/@start-date)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'due_date'"/><xsl:with-param name="label" select="'Due'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="value" select="string($t/@due-date)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
    </div>
    <xsl:call-template name="assignee-select"><xsl:with-param name="t" select="$t"/><xsl:with-param name="state" select="$state"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'milestone_id'"/><xsl:with-param name="label" select="'Milestone'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="empty" select="'None'"/><xsl:with-param name="options" select="/page/milestones/milestone"/><xsl:with-param name="value" select="string($t/@milestone-id)"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'estimate_hours'"/><xsl:with-param name="label" select="'Estimate (hours)'"/><xsl:with-param name="type" select="'number'"/><xsl:with-param name="step" select="'0.25'"/><xsl:with-param name="min" select="'0'"/><xsl:with-param name="value" select="string($t/@estimate-input)"/></xsl:call-template>
    <div class="field field-select">
      <label for="task-depends_on">Depends on (finish-to-start)</label>
      <select id="task-depends_on" name="depends_on" multiple="multiple" size="5" class="select-multi">
        <xsl:for-each select="/page/all-tasks/task">
          <option value="{@id}">
            <xsl:choose>
              <xsl:when test="$state">
                <xsl:if test="$state/value[@name = 'depends_on'] = @id"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              </xsl:when>
              <xsl:when test="/page/depends-on/task/@id = @id"><xsl:attribute name="selected">selected</xsl:attribute></xsl:when>
            </xsl:choose>
            <xsl:value-of select="@title"/>
          </option>
        </xsl:for-each>
      </select>
      <p class="hint">Ctrl- or Cmd-click to choose several.</p>
    </div>
    <xsl:call-template name="field"><xsl:with-param name="form" select="'task'"/><xsl:with-param name="name" select="'client_visible'"/><xsl:with-param name="label" select="'Visible to the client'"/><xsl:with-param name="type" select="'checkbox'"/><xsl:with-param name="value" select="string($t/@client-visible)"/></xsl:call-template>
  </xsl:template>

  <!-- The task form's assignee choice (issue 16): the field template's select, each person with
       their planned hours against capacity in the task's week(s) (/page/assignee-load): "Marco
       Bianchi — 46:00 of 40:00 that week, over-booked"; several weeks: the busiest of them. -->
  <xsl:template name="assignee-select">
    <xsl:param name="t"/>
    <xsl:param name="state"/>
    <xsl:variable name="cur" select="concat(string($state/value[@name = 'assignee_id']), substring(string($t/@assignee-id), 1, (1 div 0) * not($state)))"/>
    <xsl:variable name="error" select="$state/error[@field = 'assignee_id'][1]"/>
    <xsl:variable name="load" select="/page/assignee-load"/>
    <div class="field field-select">
      <xsl:if test="$error"><xsl:attribute name="class">field field-select has-error</xsl:attribute></xsl:if>
      <label for="task-assignee_id">Assignee</label>
      <select id="task-assignee_id" name="assignee_id" aria-describedby="task-assignee_id-hint">
        <xsl:if test="$error">
          <xsl:attribute name="aria-invalid">true</xsl:attribute>
          <xsl:attribute name="class">is-invalid</xsl:attribute>
          <xsl:attribute name="aria-describedby">task-assignee_id-error task-assignee_id-hint</xsl:attribute>
        </xsl:if>
        <option value="">Unassigned</option>
        <xsl:for-each select="/page/members/user">
          <xsl:variable name="l" select="key('load', @id)"/>
          <option value="{@id}">
            <xsl:if test="string(@id) = $cur"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
            <xsl:value-of select="@name"/>
            <xsl:if test="$l">
              <xsl:text> — </xsl:text><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$l/@planned"/></xsl:call-template>
              <xsl:text> of </xsl:text><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$l/@capacity"/></xsl:call-template>
              <xsl:choose>
                <xsl:when test="$load/@basis = 'this-week'"> this week</xsl:when>
                <xsl:when test="$load/@weeks = 1"> that week</xsl:when>
                <xsl:otherwise> in <xsl:value-of select="$l/@week"/>, its busiest week</xsl:otherwise>
              </xsl:choose>
              <xsl:if test="$l/@over">, over-booked</xsl:if>
            </xsl:if>
          </option>
        </xsl:for-each>
      </select>
      <xsl:if test="$error"><p class="field-error" id="task-assignee_id-error"><xsl:value-of select="$error"/></p></xsl:if>
      <p class="hint" id="task-assignee_id-hint">
        <xsl:choose>
          <xsl:when test="$load/@basis = 'this-week'">Hours planned this week against capacity, h:mm</xsl:when>
          <xsl:otherwise>Hours planned in this task's week<xsl:if test="$load/@weeks &gt; 1">s</xsl:if> against capacity, h:mm</xsl:otherwise>
        </xsl:choose>
        <xsl:text> (open tasks' estimates over their working days; </xsl:text><a href="/workload">Workload</a>).
      </p>
    </div>
  </xsl:template>

  <!-- ============================================================ one task -->

  <xsl:template match="page[@name='task']" mode="main">
    <xsl:variable name="t" select="task"/>
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/projects">Projects</a>
      <span class="crumb-sep" aria-hidden="true">/</span>
      <a href="/projects/{$t/@project-id}"><xsl:value-of select="$t/@project-name"/></a>
      <span class="crumb-sep" aria-hidden="true">/</span>
      <a href="/projects/{$t/@project-id}/tasks">Plan</a>
    </nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="string($t/@title)"/>
      <xsl:with-param name="meta">
        <span class="meta-item"><xsl:call-template name="status-badge"><xsl:with-param name="status" select="string($t/@status)"/></xsl:call-template></span>
        <span class="meta-item"><xsl:call-template name="date"><xsl:with-param name="iso" select="$t/@start-date"/></xsl:call-template> – <xsl:call-template name="date"><xsl:with-param name="iso" select="$t/@due-date"/></xsl:call-template></span>
        <xsl:if test="$t/@assignee-name"><span class="meta-item">Assigned to <strong><xsl:value-of select="$t/@assignee-name"/></strong></span></xsl:if>
        <xsl:if test="$t/@milestone-name"><span class="meta-item">◆ <xsl:value-of select="$t/@milestone-name"/></span></xsl:if>
        <xsl:if test="$t/@completed-at"><span class="meta-item">Completed by <xsl:value-of select="$t/@completed-by-name"/>, <xsl:call-template name="date"><xsl:with-param name="iso" select="$t/@completed-at"/></xsl:call-template></span></xsl:if>
      </xsl:with-param>
    </xsl:call-template>

    <xsl:if test="conflicts/dependant">
      <section class="card card-warning" aria-labelledby="dep-h">
        <div class="card-head"><h2 id="dep-h">Dependants now start before this task ends</h2></div>
        <div class="card-body">
          <ul class="conflict-list">
            <xsl:for-each select="conflicts/dependant">
              <li><a href="/tasks/{@id}"><xsl:value-of select="@title"/></a> starts <xsl:call-template name="date"><xsl:with-param name="iso" select="@start-date"/></xsl:call-template> (<xsl:value-of select="@overlap-days"/> d too early)</li>
            </xsl:for-each>
          </ul>
          <xsl:if test="$can-manage">
            <form method="post" action="/tasks/{$t/@id}/shift" class="inline-form">
              <xsl:call-template name="csrf"/>
              <button type="submit" class="btn btn-primary">Shift them (and their dependants) after this task</button>
            </form>
          </xsl:if>
        </div>
      </section>
    </xsl:if>
    <xsl:if test="conflicts/predecessor">
      <section class="card card-warning" aria-labelledby="pre-h">
        <div class="card-head"><h2 id="pre-h">This task starts before a predecessor ends</h2></div>
        <div class="card-body">
          <ul class="conflict-list">
            <xsl:for-each select="conflicts/predecessor">
              <li><a href="/tasks/{@on-id}"><xsl:value-of select="@on-title"/></a> ends <xsl:call-template name="date"><xsl:with-param name="iso" select="@on-due"/></xsl:call-template></li>
            </xsl:for-each>
          </ul>
        </div>
      </section>
    </xsl:if>

    <div class="grid-main-side">
      <div class="col-main">
        <section class="card">
          <div class="card-head"><h2>Details</h2></div>
          <div class="card-body">
            <xsl:choose>
              <xsl:when test="normalize-space($t/@description) != ''"><p class="prose"><xsl:value-of select="$t/@description"/></p></xsl:when>
              <xsl:otherwise><p class="empty-inline">No description.</p></xsl:otherwise>
            </xsl:choose>
            <dl class="facts">
              <dt>Estimate</dt><dd><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$t/@estimate-minutes"/></xsl:call-template></dd>
              <dt>Baseline due</dt><dd><xsl:call-template name="date"><xsl:with-param name="iso" select="$t/@baseline-due"/></xsl:call-template></dd>
              <dt>Slip</dt><dd><xsl:call-template name="slip"><xsl:with-param name="days" select="$t/@slip"/></xsl:call-template></dd>
              <dt>Depends on</dt>
              <dd>
                <xsl:for-each select="depends-on/task"><a href="/tasks/{@id}"><xsl:value-of select="@title"/></a><xsl:if test="position() != last()">, </xsl:if></xsl:for-each>
                <xsl:if test="not(depends-on/task)">—</xsl:if>
              </dd>
            </dl>
          </div>
        </section>
        <xsl:if test="$can-manage">
          <section class="card" aria-labelledby="edit-h">
            <div class="card-head"><h2 id="edit-h">Edit task</h2></div>
            <form method="post" action="/tasks/{$t/@id}" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="task-fields"/>
              <div class="form-actions"><button type="submit" class="btn btn-primary">Save task</button></div>
            </form>
          </section>
        </xsl:if>
      </div>
      <div class="col-side">
        <section class="card" aria-labelledby="st-h">
          <div class="card-head"><h2 id="st-h">Status</h2></div>
          <form method="post" action="/tasks/{$t/@id}/status" class="form card-body">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'status'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'status'"/><xsl:with-param name="name" select="'status'"/><xsl:with-param name="label" select="'Status'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="choices" select="$status-choices"/><xsl:with-param name="value" select="string($t/@status)"/></xsl:call-template>
            <div class="form-actions"><button type="submit" class="btn">Change status</button></div>
          </form>
        </section>
        <xsl:for-each select="client-wait">
          <section class="card" aria-labelledby="wait-h">
            <div class="card-head"><h2 id="wait-h">Waiting on the client</h2><a class="card-link" href="/projects/{$t/@project-id}/delays">All delays →</a></div>
            <div class="card-body">
              <xsl:choose>
                <xsl:when test="@open">
                  <p><span class="tag tag-wait">waiting on client</span> for <strong><xsl:value-of select="@what"/></strong>
                    since <xsl:call-template name="date"><xsl:with-param name="iso" select="@since"/></xsl:call-template>.</p>
                  <xsl:if test="$can-manage">
                    <form method="post" action="/projects/{$t/@project-id}/delays/clear" class="inline-form">
                      <xsl:call-template name="csrf"/>
                      <input type="hidden" name="task_id" value="{$t/@id}"/>
                      <input type="hidden" name="back" value="task"/>
                      <button type="submit" class="btn">No longer waiting</button>
                    </form>
                  </xsl:if>
                </xsl:when>
                <xsl:otherwise>
                  <p class="empty-inline">Not waiting on the client.</p>
                  <xsl:if test="$can-manage and $t/@status != 'done'">
                    <form method="post" action="/projects/{$t/@project-id}/delays" class="form">
                      <xsl:call-template name="csrf"/>
                      <input type="hidden" name="task_id" value="{$t/@id}"/>
                      <input type="hidden" name="back" value="task"/>
                      <xsl:call-template name="field"><xsl:with-param name="form" select="'wait'"/><xsl:with-param name="name" select="'what'"/><xsl:with-param name="label" select="'Waiting for'"/><xsl:with-param name="required" select="true()"/><xsl:with-param name="placeholder" select="'e.g. product photos'"/></xsl:call-template>
                      <xsl:call-template name="field"><xsl:with-param name="form" select="'wait'"/><xsl:with-param name="name" select="'since'"/><xsl:with-param name="label" select="'Since'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="hint" select="'Empty: today.'"/></xsl:call-template>
                      <div class="form-actions"><button type="submit" class="btn">Mark as waiting on the client</button></div>
                    </form>
                  </xsl:if>
                </xsl:otherwise>
              </xsl:choose>
              <xsl:if test="period">
                <p class="hint"><xsl:value-of select="@days"/> working day<xsl:if test="@days != 1">s</xsl:if> waited on the client in all:</p>
                <ul class="wait-periods">
                  <xsl:for-each select="period">
                    <li><xsl:value-of select="@what"/>: <xsl:call-template name="date"><xsl:with-param name="iso" select="@from"/></xsl:call-template>
                      <xsl:text> – </xsl:text>
                      <xsl:choose><xsl:when test="@to"><xsl:call-template name="date"><xsl:with-param name="iso" select="@to"/></xsl:call-template></xsl:when><xsl:otherwise>today</xsl:otherwise></xsl:choose>
                      <span class="muted"> (<xsl:value-of select="@days"/> d)</span></li>
                  </xsl:for-each>
                </ul>
              </xsl:if>
            </div>
          </section>
        </xsl:for-each>
      </div>
    </div>
  </xsl:template>

  <!-- ============================================================ my work -->

  <xsl:template match="page[@name='me']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'My work'"/>
      <xsl:with-param name="sub" select="'Your open tasks across projects, overdue first.'"/>
    </xsl:call-template>
    <section class="card">
      <xsl:choose>
        <xsl:when test="tasks/task">
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th scope="col">Task</th><th scope="col" class="hide-sm">Project</th><th scope="col">Status</th><th scope="col" class="nowrap">Due</th></tr></thead>
              <tbody>
                <xsl:for-each select="tasks/task">
                  <tr>
                    <xsl:if test="@overdue = 1"><xsl:attribute name="class">is-overdue</xsl:attribute></xsl:if>
                    <td><a class="row-title" href="/tasks/{@id}"><xsl:value-of select="@title"/></a><xsl:if test="@overdue = 1"><span class="tag tag-red">overdue</span></xsl:if></td>
                    <td class="hide-sm"><a href="/projects/{@project-id}"><xsl:value-of select="@project-name"/></a></td>
                    <td><xsl:call-template name="status-badge"><xsl:with-param name="status" select="string(@status)"/></xsl:call-template></td>
                    <td class="nowrap"><xsl:call-template name="date"><xsl:with-param name="iso" select="@due-date"/></xsl:call-template></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty-state"><xsl:with-param name="title" select="'Nothing on your plate'"/><xsl:with-param name="text" select="'Tasks assigned to you will appear here.'"/></xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ============================================================ Gantt -->

  <xsl:template match="page[@name='gantt' or @name='portal-gantt']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:variable name="g" select="gantt"/>
    <xsl:variable name="portal" select="@name = 'portal-gantt'"/>
    <xsl:choose>
      <xsl:when test="$portal">
        <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/portal">Your projects</a><span class="crumb-sep" aria-hidden="true">/</span><a href="/portal/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></nav>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="project-crumbs"><xsl:with-param name="p" select="$p"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Schedule'"/>
      <xsl:with-param name="meta">
        <span class="meta-item"><xsl:value-of select="$g/@tasks"/> tasks</span>
        <xsl:if test="$g/@due"><span class="meta-item">Due <xsl:call-template name="date"><xsl:with-param name="iso" select="$g/@due"/></xsl:call-template></span></xsl:if>
        <xsl:if test="$g/@baseline-at"><span class="meta-item">Baseline of <xsl:call-template name="date"><xsl:with-param name="iso" select="$g/@baseline-at"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></span></xsl:if>
        <xsl:if test="string($g/@slip) != ''"><span class="meta-item">Project slip <xsl:call-template name="slip"><xsl:with-param name="days" select="$g/@slip"/></xsl:call-template></span></xsl:if>
        <xsl:if test="not($portal) and $g/conflicts/@count &gt; 0"><span class="meta-item"><span class="tag tag-red"><xsl:value-of select="$g/conflicts/@count"/> out of order</span></span></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:if test="not($portal)">
      <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'gantt'"/></xsl:call-template>
    </xsl:if>
    <ul class="gantt-legend" aria-label="Legend">
      <li><span class="lg lg-todo"></span>To do</li>
      <li><span class="lg lg-doing"></span>In progress</li>
      <li><span class="lg lg-blocked"></span>Blocked</li>
      <li><span class="lg lg-done"></span>Done</li>
      <li><span class="lg lg-base"></span>Baseline</li>
      <li><span class="lg lg-ms">◆</span>Milestone</li>
      <li><span class="lg lg-today"></span>Today</li>
    </ul>
    <section class="card gantt-card">
      <div class="gantt-wrap">
        <xsl:for-each select="$g"><xsl:call-template name="gantt-svg"/></xsl:for-each>
      </div>
    </section>
    <xsl:if test="not($portal) and $g/conflicts/conflict">
      <section class="card card-warning">
        <div class="card-head"><h2>Dependants that start before their predecessor ends</h2></div>
        <div class="card-body">
          <p class="hint">Nothing is moved silently: open a predecessor and shift its dependants, or change the dates.</p>
          <ul class="conflict-list">
            <xsl:for-each select="$g/conflicts/conflict">
              <li><a href="/tasks/{@task-id}"><xsl:value-of select="@task-title"/></a> starts <xsl:value-of select="@days"/> d before <a href="/tasks/{@on-id}"><xsl:value-of select="@on-title"/></a> ends
                <xsl:if test="$can-manage">
                  <form method="post" action="/tasks/{@on-id}/shift" class="inline-form">
                    <xsl:call-template name="csrf"/>
                    <button type="submit" class="btn btn-sm">Shift the dependants</button>
                  </form>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </div>
      </section>
    </xsl:if>
    <xsl:if test="$g/changes/change">
      <section class="card">
        <div class="card-head"><h2>Approved changes</h2></div>
        <div class="card-body">
          <ul class="conflict-list">
            <xsl:for-each select="$g/changes/change">
              <li><span class="tag">CR <xsl:value-of select="position()"/></span><xsl:text> </xsl:text><strong><xsl:value-of select="title"/></strong>, approved <xsl:call-template name="date"><xsl:with-param name="iso" select="@decided"/></xsl:call-template>:
                <xsl:value-of select="concat(substring('+', 1, @days &gt; 0), translate(@days, '-', '−'))"/> days<xsl:if test="@old-due">; due date <xsl:call-template name="date"><xsl:with-param name="iso" select="@old-due"/></xsl:call-template> → <xsl:call-template name="date"><xsl:with-param name="iso" select="@new-due"/></xsl:call-template></xsl:if><xsl:if test="@shift-from">; moved <xsl:value-of select="@shifted-milestones"/> milestone(s) and <xsl:value-of select="@shifted-tasks"/> task(s) due on or after <xsl:call-template name="date"><xsl:with-param name="iso" select="@shift-from"/></xsl:call-template></xsl:if></li>
            </xsl:for-each>
          </ul>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- the chart itself; context <gantt>. Per row: only attribute copies, no lookups. -->
  <xsl:template name="gantt-svg">
    <svg xmlns="http://www.w3.org/2000/svg" class="gantt" width="{@width}" height="{@height}" viewBox="0 0 {@width} {@height}" role="img" aria-labelledby="gantt-title">
      <title id="gantt-title">Gantt chart from <xsl:value-of select="@from"/> to <xsl:value-of select="@to"/></title>
      <path class="g-stripes" d="{@stripes}"/>
      <path class="g-grid-minor" d="{@grid-minor}"/>
      <path class="g-grid" d="{@grid}"/>
      <line class="g-divider" x1="{@label-w}" y1="0" x2="{@label-w}" y2="{@bottom}"/>
      <xsl:for-each select="scale/tick"><text class="g-tick" x="{@x}" y="{../../@head-y}"><xsl:value-of select="@label"/></text></xsl:for-each>
      <xsl:if test="@baseline-due-x"><line class="g-baseline-due" x1="{@baseline-due-x}" y1="30" x2="{@baseline-due-x}" y2="{@bottom}"/></xsl:if>
      <xsl:if test="@due-x"><line class="g-due" x1="{@due-x}" y1="30" x2="{@due-x}" y2="{@bottom}"/></xsl:if>
      <xsl:for-each select="rows/group">
        <text class="g-group" x="10" y="{@ty}"><xsl:value-of select="name"/></text>
        <xsl:if test="@dx">
          <xsl:if test="@bx"><path class="g-ms-base" d="M0 -6L6 0L0 6L-6 0z" transform="translate({@bx} {@cy})"/></xsl:if>
          <path class="g-ms g-ms-{@reached}" d="M0 -7L7 0L0 7L-7 0z" transform="translate({@dx} {@cy})"><title><xsl:value-of select="name"/>, due <xsl:value-of select="@due-date"/></title></path>
        </xsl:if>
        <!-- one element with one attribute per task: the HTML serializer looks up every element and attribute name -->
        <g class="g-labels" transform="translate(22 0)">
          <xsl:for-each select="task"><text y="{@ty}"><xsl:value-of select="@label"/></text></xsl:for-each>
        </g>
        <xsl:for-each select="task[@slip]"><text class="g-slip" x="{@sx}" y="{@ty}"><xsl:if test="@slip &gt; 0">+</xsl:if><xsl:value-of select="@slip"/>d</text></xsl:for-each>
      </xsl:for-each>
      <path class="g-base" d="{@baselines}"/>
      <path class="g-bar g-todo" d="{@bars-todo}"/>
      <path class="g-bar g-doing" d="{@bars-doing}"/>
      <path class="g-bar g-blocked" d="{@bars-blocked}"/>
      <path class="g-bar g-done" d="{@bars-done}"/>
      <path class="g-prog" d="{@prog-doing}"/>
      <path class="g-prog g-prog-blocked" d="{@prog-blocked}"/>
      <path class="g-prog g-prog-done" d="{@prog-done}"/>
      <path class="g-dep" d="{@deps}"/>
      <path class="g-dep-head" d="{@dep-heads}"/>
      <path class="g-dep g-dep-bad" d="{@bad-deps}"/>
      <path class="g-dep-head g-dep-head-bad" d="{@bad-heads}"/>
      <xsl:for-each select="changes/change">
        <line class="g-change" x1="{@x}" y1="30" x2="{@x}" y2="{../../@bottom}"/>
        <!-- numbered, not titled: two changes approved days apart wrote their titles over each
             other; the list under the chart ("Approved changes") gives each number its title -->
        <text class="g-change-label" x="{@tx}" y="40"><title><xsl:value-of select="title"/></title>CR <xsl:value-of select="position()"/></text>
      </xsl:for-each>
      <xsl:if test="@today-x">
        <line class="g-today" x1="{@today-x}" y1="30" x2="{@today-x}" y2="{@bottom}"/>
        <text class="g-today-label" x="{@today-x}" y="14" text-anchor="middle">Today</text>
      </xsl:if>
    </svg>
  </xsl:template>

  <!-- ============================================================ risks -->

  <xsl:template match="page[@name='risks']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:call-template name="project-crumbs"><xsl:with-param name="p" select="$p"/></xsl:call-template>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Risks'"/>
      <xsl:with-param name="sub" select="'Probability × impact; 15 or more is high.'"/>
    </xsl:call-template>
    <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'risks'"/></xsl:call-template>
    <div class="grid-main-side">
      <div class="col-main">
        <section class="card">
          <div class="card-head"><h2>Register</h2></div>
          <xsl:choose>
            <xsl:when test="risks/risk">
              <div class="table-wrap">
                <table class="table">
                  <thead><tr><th scope="col">Risk</th><th scope="col" class="num">P</th><th scope="col" class="num">I</th><th scope="col" class="num">Score</th><th scope="col" class="hide-sm">Owner</th><th scope="col">Status</th></tr></thead>
                  <tbody>
                    <xsl:for-each select="risks/risk">
                      <tr>
                        <td><span class="row-title"><xsl:value-of select="@title"/></span><xsl:if test="@mitigation"><span class="row-sub"><xsl:value-of select="@mitigation"/></span></xsl:if></td>
                        <td class="num"><xsl:value-of select="@probability"/></td>
                        <td class="num"><xsl:value-of select="@impact"/></td>
                        <td class="num"><span class="score score-low"><xsl:if test="@score &gt;= 8"><xsl:attribute name="class">score score-medium</xsl:attribute></xsl:if><xsl:if test="@score &gt;= 15"><xsl:attribute name="class">score score-high</xsl:attribute></xsl:if><xsl:value-of select="@score"/></span></td>
                        <td class="hide-sm"><xsl:value-of select="@owner-name"/></td>
                        <td><span class="tag"><xsl:value-of select="@status"/></span></td>
                      </tr>
                    </xsl:for-each>
                  </tbody>
                </table>
              </div>
            </xsl:when>
            <xsl:otherwise><div class="card-body"><p class="empty-inline">No risks recorded.</p></div></xsl:otherwise>
          </xsl:choose>
        </section>
        <xsl:if test="$can-manage and risks/risk">
          <section class="card">
            <div class="card-head"><h2>Update a risk</h2></div>
            <div class="card-body">
              <xsl:for-each select="risks/risk">
                <details class="risk-edit">
                  <xsl:if test="/page/form-state[@for = concat('risk-', current()/@id)]"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
                  <summary><xsl:value-of select="@title"/></summary>
                  <form method="post" action="/risks/{@id}" class="form">
                    <xsl:call-template name="csrf"/>
                    <xsl:call-template name="risk-fields"><xsl:with-param name="form" select="concat('risk-', @id)"/><xsl:with-param name="r" select="."/></xsl:call-template>
                    <xsl:call-template name="field"><xsl:with-param name="form" select="concat('risk-', @id)"/><xsl:with-param name="name" select="'status'"/><xsl:with-param name="label" select="'Status'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="choices" select="$risk-status-choices"/><xsl:with-param name="value" select="string(@status)"/></xsl:call-template>
                    <div class="form-actions"><button type="submit" class="btn">Save risk</button></div>
                  </form>
                </details>
              </xsl:for-each>
            </div>
          </section>
        </xsl:if>
      </div>
      <div class="col-side">
        <section class="card">
          <div class="card-head"><h2>Heat map</h2></div>
          <div class="card-body heatmap-body"><xsl:for-each select="heatmap"><xsl:call-template name="heatmap"/></xsl:for-each></div>
        </section>
        <xsl:if test="$can-manage">
          <section class="card">
            <div class="card-head"><h2>New risk</h2></div>
            <form method="post" action="/projects/{$p/@id}/risks" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="risk-fields"><xsl:with-param name="form" select="'risk'"/><xsl:with-param name="r" select="/.."/></xsl:call-template>
              <div class="form-actions"><button type="submit" class="btn btn-primary">Add risk</button></div>
            </form>
          </section>
        </xsl:if>
      </div>
    </div>
  </xsl:template>

  <xsl:template name="risk-fields">
    <xsl:param name="form"/>
    <xsl:param name="r"/>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$form"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="form" select="$form"/><xsl:with-param name="name" select="'title'"/><xsl:with-param name="label" select="'Title'"/><xsl:with-param name="value" select="string($r/@title)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
    <div class="form-row">
      <xsl:call-template name="field"><xsl:with-param name="form" select="$form"/><xsl:with-param name="name" select="'probability'"/><xsl:with-param name="label" select="'Probability'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="choices" select="$level-choices"/><xsl:with-param name="value" select="string($r/@probability)"/></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="form" select="$form"/><xsl:with-param name="name" select="'impact'"/><xsl:with-param name="label" select="'Impact'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="choices" select="$level-choices"/><xsl:with-param name="value" select="string($r/@impact)"/></xsl:call-template>
    </div>
    <xsl:call-template name="field"><xsl:with-param name="form" select="$form"/><xsl:with-param name="name" select="'owner_id'"/><xsl:with-param name="label" select="'Owner'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="empty" select="'Nobody yet'"/><xsl:with-param name="options" select="/page/members/user"/><xsl:with-param name="value" select="string($r/@owner-id)"/></xsl:call-template>
    <xsl:call-template name="field"><xsl:with-param name="form" select="$form"/><xsl:with-param name="name" select="'mitigation'"/><xsl:with-param name="label" select="'Mitigation'"/><xsl:with-param name="type" select="'textarea'"/><xsl:with-param name="rows" select="2"/><xsl:with-param name="value" select="string($r/@mitigation)"/></xsl:call-template>
  </xsl:template>

  <!-- ============================================================ change requests -->

  <xsl:template match="page[@name='changes']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:call-template name="project-crumbs"><xsl:with-param name="p" select="$p"/></xsl:call-template>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Change requests'"/>
      <xsl:with-param name="sub" select="'Draft → proposed → approved or rejected. An approved change moves the due date and the budget (down too, never below zero), and the plan from its shift date.'"/>
    </xsl:call-template>
    <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'changes'"/></xsl:call-template>
    <div class="grid-main-side">
      <div class="col-main">
        <xsl:if test="not(changes/change)"><section class="card"><div class="card-body"><p class="empty-inline">No change requests.</p></div></section></xsl:if>
        <xsl:for-each select="changes/change">
          <xsl:variable name="fid" select="concat('change-', @id)"/>
          <section class="card change-card" id="change-{@id}">
            <div class="card-head"><h2><xsl:value-of select="@title"/></h2><span class="tag tag-{@status}"><xsl:value-of select="@status"/></span></div>
            <div class="card-body">
              <xsl:if test="normalize-space(@description) != ''"><p class="prose"><xsl:value-of select="@description"/></p></xsl:if>
              <dl class="facts">
                <dt>Impact</dt>
                <dd class="change-impact"><span class="impact-days"><xsl:value-of select="concat(substring('+', 1, @impact-days &gt; 0), translate(@impact-days, '-', '−'))"/> days</span> · <span class="impact-hours"><xsl:call-template name="signed-hours"><xsl:with-param name="minutes" select="@impact-minutes"/></xsl:call-template></span><xsl:if test="@impact-amount"> · <span class="impact-amount"><xsl:call-template name="signed-money"><xsl:with-param name="amount" select="@impact-amount"/><xsl:with-param name="currency" select="@currency"/></xsl:call-template></span></xsl:if></dd>
                <xsl:if test="@shift-from">
                  <dt>Plan shift</dt>
                  <dd class="change-shift">
                    <xsl:variable name="by" select="concat(substring('+', 1, @impact-days &gt; 0), translate(@impact-days, '-', '−'))"/>
                    <xsl:choose>
                      <xsl:when test="@shifted-milestones">Moved <xsl:value-of select="@shifted-milestones"/> milestone(s) and <xsl:value-of select="@shifted-tasks"/> task(s) due on or after <xsl:call-template name="date"><xsl:with-param name="iso" select="@shift-from"/></xsl:call-template> by <xsl:value-of select="$by"/> days (<a href="/projects/{@project-id}/gantt">Gantt</a>).</xsl:when>
                      <xsl:otherwise>On approval, open milestones and tasks due on or after <xsl:call-template name="date"><xsl:with-param name="iso" select="@shift-from"/></xsl:call-template> move by <xsl:value-of select="$by"/> days.</xsl:otherwise>
                    </xsl:choose>
                  </dd>
                </xsl:if>
                <xsl:if test="not(@shift-from) and @impact-days != 0 and @status != 'approved' and @status != 'rejected'">
                  <dt>Plan shift</dt><dd class="change-shift muted">None: only the project's due date moves.</dd>
                </xsl:if>
                <dt>Raised by</dt><dd><xsl:value-of select="@created-by-name"/>, <xsl:call-template name="date"><xsl:with-param name="iso" select="@created-at"/></xsl:call-template></dd>
                <xsl:if test="@decided-at">
                  <dt>Decided</dt><dd><xsl:value-of select="@decided-by-name"/>, <xsl:call-template name="date"><xsl:with-param name="iso" select="@decided-at"/></xsl:call-template><xsl:if test="@decision-note"> — <xsl:value-of select="@decision-note"/></xsl:if></dd>
                </xsl:if>
                <xsl:if test="@old-due-date">
                  <dt>Due date moved</dt><dd><xsl:call-template name="date"><xsl:with-param name="iso" select="@old-due-date"/></xsl:call-template> → <xsl:call-template name="date"><xsl:with-param name="iso" select="@new-due-date"/></xsl:call-template></dd>
                </xsl:if>
                <xsl:if test="@old-budget-amount">
                  <dt>Budget before</dt><dd><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@old-budget-minutes"/></xsl:call-template> h · <xsl:call-template name="money"><xsl:with-param name="amount" select="@old-budget-amount"/><xsl:with-param name="currency" select="@currency"/></xsl:call-template></dd>
                </xsl:if>
              </dl>
              <xsl:call-template name="change-approvals"><xsl:with-param name="c" select="."/></xsl:call-template>
              <xsl:if test="$can-manage and (@status = 'draft' or @status = 'proposed')">
                <form method="post" action="/changes/{@id}/status" class="form">
                  <xsl:call-template name="csrf"/>
                  <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$fid"/></xsl:call-template>
                  <xsl:choose>
                    <xsl:when test="@status = 'draft'">
                      <input type="hidden" name="status" value="proposed"/>
                      <div class="form-actions"><button type="submit" class="btn">Propose to the client</button></div>
                    </xsl:when>
                    <xsl:otherwise>
                      <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'note'"/><xsl:with-param name="label" select="'Decision note'"/><xsl:with-param name="type" select="'textarea'"/><xsl:with-param name="rows" select="2"/></xsl:call-template>
                      <div class="form-actions">
                        <button type="submit" name="status" value="approved" class="btn btn-primary">Record approval</button>
                        <button type="submit" name="status" value="rejected" class="btn">Record rejection</button>
                      </div>
                    </xsl:otherwise>
                  </xsl:choose>
                </form>
              </xsl:if>
            </div>
          </section>
        </xsl:for-each>
      </div>
      <xsl:if test="$can-manage">
        <div class="col-side">
          <section class="card">
            <div class="card-head"><h2>New change request</h2></div>
            <form method="post" action="/projects/{$p/@id}/changes" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'change'"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'change'"/><xsl:with-param name="name" select="'title'"/><xsl:with-param name="label" select="'Title'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'change'"/><xsl:with-param name="name" select="'description'"/><xsl:with-param name="label" select="'Description'"/><xsl:with-param name="type" select="'textarea'"/><xsl:with-param name="rows" select="3"/></xsl:call-template>
              <div class="form-row form-row-3">
                <xsl:call-template name="field"><xsl:with-param name="form" select="'change'"/><xsl:with-param name="name" select="'impact_days'"/><xsl:with-param name="label" select="'Days'"/><xsl:with-param name="type" select="'number'"/><xsl:with-param name="step" select="'1'"/></xsl:call-template>
                <xsl:call-template name="field"><xsl:with-param name="form" select="'change'"/><xsl:with-param name="name" select="'impact_hours'"/><xsl:with-param name="label" select="'Hours'"/><xsl:with-param name="type" select="'number'"/><xsl:with-param name="step" select="'0.25'"/></xsl:call-template>
                <xsl:call-template name="field"><xsl:with-param name="form" select="'change'"/><xsl:with-param name="name" select="'impact_amount'"/><xsl:with-param name="label" select="'Amount'"/><xsl:with-param name="inputmode" select="'decimal'"/></xsl:call-template>
              </div>
              <p class="hint">Negative for a de-scope or a credit (e.g. −8 hours, −1200.00); the budget cannot go below zero.</p>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'change'"/><xsl:with-param name="name" select="'shift_from'"/><xsl:with-param name="label" select="'Shift the plan from'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="hint" select="'Optional. On approval, open milestones and unfinished tasks due on or after this date move by the days above. Leave empty to move only the due date.'"/></xsl:call-template>
              <div class="form-actions"><button type="submit" class="btn btn-primary">Save draft</button></div>
            </form>
          </section>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- the approval requests of change request $c with their audit records; PMs ask while it is proposed -->
  <xsl:template name="change-approvals">
    <xsl:param name="c"/>
    <xsl:variable name="list" select="key('change-approvals', $c/@id)"/>
    <xsl:variable name="aid" select="concat('approval-', $c/@id)"/>
    <xsl:if test="$list">
      <div class="table-wrap">
        <table class="table t-approvals" id="approvals-{$c/@id}">
          <thead><tr><th scope="col">Contact</th><th scope="col">Due</th><th scope="col">State</th><th scope="col">Audit record</th></tr></thead>
          <tbody>
            <xsl:for-each select="$list">
              <tr id="approval-{@id}" class="approval-row state-{@state}">
                <td><xsl:value-of select="@contact-name"/></td>
                <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@due-date)"/></xsl:call-template>
                  <xsl:if test="@overdue = '1'"> <span class="tag tag-red">Overdue</span></xsl:if></td>
                <td><span class="badge approval-{@state}">
                  <xsl:choose>
                    <xsl:when test="@state = 'approved'">Approved</xsl:when>
                    <xsl:when test="@state = 'changes'">Changes requested</xsl:when>
                    <xsl:when test="@state = 'closed'">Closed</xsl:when>
                    <xsl:otherwise>Waiting</xsl:otherwise>
                  </xsl:choose></span></td>
                <td class="audit">
                  <xsl:choose>
                    <xsl:when test="@signed-name">
                      Signed “<xsl:value-of select="@signed-name"/>” at <xsl:value-of select="@decided-at"/> UTC
                      from <xsl:value-of select="@ip"/>
                      <span class="row-sub"><xsl:value-of select="@user-agent"/></span>
                      <span class="row-sub">SHA-256 of what was shown <code class="sha"><xsl:value-of select="@version-sha256"/></code></span>
                      <xsl:if test="@on-behalf = '1'"><span class="row-sub">Recorded on the client's behalf by <xsl:value-of select="@recorded-by"/></span></xsl:if>
                      <xsl:if test="normalize-space(@comment) != ''"><span class="row-sub">“<xsl:value-of select="@comment"/>”</span></xsl:if>
                    </xsl:when>
                    <xsl:when test="@state = 'closed'"><span class="muted">The change was decided another way.</span></xsl:when>
                    <xsl:when test="$can-manage and @state = 'pending'">
                      <details><summary>Record on the client's behalf</summary>
                        <form method="post" action="/approvals/{@id}/record" class="form">
                          <xsl:call-template name="csrf"/>
                          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="concat('record-', @id)"/></xsl:call-template>
                          <select name="decision" aria-label="Decision"><option value="approve">Approve</option><option value="changes">Request changes</option></select>
                          <input type="text" name="signed_name" aria-label="Client's name" placeholder="Client's name" required="required"/>
                          <textarea name="comment" aria-label="Comment" rows="2"></textarea>
                          <button type="submit" class="btn btn-small">Record</button>
                        </form>
                      </details>
                    </xsl:when>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </xsl:if>
    <xsl:if test="$can-manage and $c/@status = 'proposed'">
      <details class="ask-approval">
        <xsl:if test="/page/form-state[@for = $aid]"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
        <summary>Ask the client to approve</summary>
        <form method="post" action="/changes/{$c/@id}/approvals" class="form">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$aid"/></xsl:call-template>
          <xsl:call-template name="approver-checkboxes"><xsl:with-param name="form" select="$aid"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="$aid"/><xsl:with-param name="name" select="'due_date'"/><xsl:with-param name="label" select="'Due date'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="$aid"/><xsl:with-param name="name" select="'message'"/><xsl:with-param name="label" select="'Message'"/><xsl:with-param name="type" select="'textarea'"/><xsl:with-param name="rows" select="2"/></xsl:call-template>
          <div class="form-actions"><button type="submit" class="btn btn-primary">Send for approval</button></div>
        </form>
      </details>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ calendar feeds -->

  <xsl:template match="page[@name='calendar']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:call-template name="project-crumbs"><xsl:with-param name="p" select="$p"/></xsl:call-template>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Calendar feed'"/>
      <xsl:with-param name="sub" select="'Subscribe to the milestones in any calendar application (iCalendar).'"/>
    </xsl:call-template>
    <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'calendar'"/></xsl:call-template>
    <xsl:if test="new-feed-url">
      <section class="card card-warning">
        <div class="card-head"><h2>Your new feed address</h2></div>
        <div class="card-body">
          <p>Copy it now: it is shown only this once. Anyone with the address can read the milestones.</p>
          <p><input type="text" readonly="readonly" class="feed-url" aria-label="Feed address" value="{new-feed-url}"/></p>
        </div>
      </section>
    </xsl:if>
    <div class="grid-main-side">
      <div class="col-main">
        <section class="card">
          <div class="card-head"><h2>Active feeds</h2></div>
          <xsl:choose>
            <xsl:when test="feeds/feed">
              <div class="table-wrap">
                <table class="table">
                  <thead><tr><th scope="col">Feed</th><th scope="col">Shows</th><th scope="col">Created</th><th scope="col"></th></tr></thead>
                  <tbody>
                    <xsl:for-each select="feeds/feed">
                      <tr>
                        <td>#<xsl:value-of select="@id"/></td>
                        <td><xsl:choose><xsl:when test="@audience = 'client'">Client-visible milestones</xsl:when><xsl:otherwise>All milestones</xsl:otherwise></xsl:choose></td>
                        <td><xsl:value-of select="@created-by-name"/>, <xsl:call-template name="date"><xsl:with-param name="iso" select="@created-at"/></xsl:call-template></td>
                        <td>
                          <form method="post" action="/projects/{$p/@id}/calendar/{@id}/revoke" class="inline-form">
                            <xsl:call-template name="csrf"/>
                            <button type="submit" class="btn btn-sm btn-danger">Revoke</button>
                          </form>
                        </td>
                      </tr>
                    </xsl:for-each>
                  </tbody>
                </table>
              </div>
            </xsl:when>
            <xsl:otherwise><div class="card-body"><p class="empty-inline">No active feeds.</p></div></xsl:otherwise>
          </xsl:choose>
        </section>
      </div>
      <div class="col-side">
        <section class="card">
          <div class="card-head"><h2>New feed</h2></div>
          <form method="post" action="/projects/{$p/@id}/calendar" class="form card-body">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'feed'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'feed'"/><xsl:with-param name="name" select="'audience'"/><xsl:with-param name="label" select="'Who it is for'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="choices" select="'team=The team (all milestones)|client=The client (client-visible milestones)'"/></xsl:call-template>
            <div class="form-actions"><button type="submit" class="btn btn-primary">Create feed</button></div>
          </form>
        </section>
      </div>
    </div>
  </xsl:template>

</xsl:stylesheet>
