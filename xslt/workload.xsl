<?xml version="1.0" encoding="UTF-8"?>
<!--
  workload.xsl - the forward workload and a project's delays waiting on the client (issue 16;
  src/page/page_workload.c, page_delay.c).
    workload   <filters role project-id/><role-choices/><projects><project id name/></projects>
               <weeks full-week><week start id working/></weeks>
               <people count><person id name role capacity-week><w planned capacity h cap-h over?
               project? project-h?/>…</person></people><totals><w …/>…</totals>
               Minutes, and the same as h:mm text (workload_view.h); a cell reads "46:00 / 40:00"
               (planned / capacity) and says "over" in words when the planned minutes exceed the
               capacity (not by colour alone).
    delays     <project/><client-delays project-id days open count today><period kind id item-id
               item what from to|open days client-visible/>…</client-delays>
               <choices><tasks><task id name/></tasks><milestones><milestone id name/></milestones></choices>;
               forms "wait" (task_id | milestone_id, what, since) and "clear" (task_id | milestone_id)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>
  <xsl:include href="plan-common.xsl"/>

  <!-- The weeks of one person (or of everyone shown): "46:00 / 40:00" each (h:mm, the one
       duration format), "over" in words when over-booked. The h:mm text comes from C (@h, @cap-h,
       @project-h: workload_view.h), as the `hours` template writes it: 600 cells a page, and two
       template calls a cell would cost more than the rest of the page (layout.xsl's cost model).
       No class but on the over-booked; the parts styled by position (.t-workload td span,
       td strong, td small). -->
  <xsl:template name="wl-weeks">
    <xsl:for-each select="w">
      <xsl:choose>
        <xsl:when test="@over">
          <td class="wl-over"><xsl:value-of select="@h"/><span> / <xsl:value-of select="@cap-h"/></span><xsl:text> </xsl:text><strong>over</strong><xsl:if test="@project-h"><small><xsl:value-of select="@project-h"/> on this project</small></xsl:if></td>
        </xsl:when>
        <xsl:otherwise>
          <td><xsl:value-of select="@h"/><span> / <xsl:value-of select="@cap-h"/></span><xsl:if test="@project-h"><small><xsl:value-of select="@project-h"/> on this project</small></xsl:if></td>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================ the forward workload -->

  <xsl:template match="page[@name='workload']" mode="main">
    <xsl:variable name="full" select="weeks/@full-week"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Workload'"/>
      <xsl:with-param name="sub">Planned hours of open tasks in the next <xsl:value-of select="count(weeks/week)"/> weeks, against each person's capacity.</xsl:with-param>
      <xsl:with-param name="actions"><xsl:if test="$can-manage"><a class="btn" href="/reports/utilization">Utilization (past weeks)</a></xsl:if></xsl:with-param>
    </xsl:call-template>

    <form method="get" action="/workload" class="filter-bar" role="search" aria-label="Filter the workload">
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'filter'"/>
        <xsl:with-param name="name" select="'role'"/>
        <xsl:with-param name="label" select="'Role'"/>
        <xsl:with-param name="type" select="'select'"/>
        <xsl:with-param name="empty" select="'Every role'"/>
        <xsl:with-param name="options" select="role-choices/choice"/>
        <xsl:with-param name="value" select="string(filters/@role)"/>
        <xsl:with-param name="class" select="'field-inline'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'filter'"/>
        <xsl:with-param name="name" select="'project_id'"/>
        <xsl:with-param name="label" select="'Project'"/>
        <xsl:with-param name="type" select="'select'"/>
        <xsl:with-param name="empty" select="'Every project'"/>
        <xsl:with-param name="options" select="projects/project"/>
        <xsl:with-param name="value" select="string(filters/@project-id)"/>
        <xsl:with-param name="class" select="'field-inline'"/>
      </xsl:call-template>
      <div class="filter-actions">
        <button type="submit" class="btn">Filter</button>
        <a class="btn btn-ghost" href="/workload">Clear</a>
      </div>
    </form>

    <p class="hint wl-legend">
      Each cell: hours planned that week / the person's capacity (h:mm). Open tasks with an assignee and an
      estimate count, spread evenly over their working days; a week with a holiday has
      proportionally less capacity.
      <xsl:if test="filters/@project-id != ''"> With a project chosen: its team, each with all their work, and the hours on this project.</xsl:if>
      <span class="wl-flag">over</span> marks a week planned beyond capacity.
    </p>

    <section class="card" aria-labelledby="wl-h">
      <h2 id="wl-h" class="sr-only">Workload by person and week</h2>
      <xsl:choose>
        <xsl:when test="people/person">
          <div class="table-wrap" tabindex="0" role="region" aria-labelledby="wl-h">
            <table class="table t-workload">
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <xsl:for-each select="weeks/week">
                    <th scope="col">
                      <span class="wl-week"><xsl:value-of select="substring(@id, 6)"/></span>
                      <span class="wl-date"><xsl:call-template name="date"><xsl:with-param name="iso" select="@start"/></xsl:call-template></span>
                      <xsl:if test="@working &lt; $full"><span class="wl-days"><xsl:value-of select="@working"/> working days</span></xsl:if>
                    </th>
                  </xsl:for-each>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="people/person">
                  <tr>
                    <th scope="row"><span class="wl-name"><xsl:value-of select="@name"/></span><span class="wl-role"><xsl:call-template name="role-label"><xsl:with-param name="role" select="string(@role)"/></xsl:call-template></span></th>
                    <xsl:call-template name="wl-weeks"/>
                  </tr>
                </xsl:for-each>
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Everyone shown</th>
                  <xsl:for-each select="totals"><xsl:call-template name="wl-weeks"/></xsl:for-each>
                </tr>
              </tfoot>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'Nobody matches these filters'"/>
            <xsl:with-param name="text" select="'Choose another role or project, or clear the filters.'"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ============================================================ a project's delays -->

  <xsl:template match="page[@name='delays']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:variable name="d" select="client-delays"/>
    <nav class="breadcrumb" aria-label="Breadcrumb">
      <a href="/projects">Projects</a>
      <span class="crumb-sep" aria-hidden="true">/</span>
      <a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a>
    </nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Waiting on the client'"/>
      <xsl:with-param name="sub"><xsl:call-template name="client-delay-days"><xsl:with-param name="days" select="$d/@days"/></xsl:call-template><xsl:text>.</xsl:text></xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'delays'"/></xsl:call-template>

    <div class="grid-main-side">
      <xsl:if test="not($can-manage)"><xsl:attribute name="class">grid-single</xsl:attribute></xsl:if>
      <div class="col-main">
        <section class="card" aria-labelledby="open-h">
          <div class="card-head"><h2 id="open-h">Waiting now</h2></div>
          <div class="card-body">
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'clear'"/></xsl:call-template>
            <xsl:choose>
              <xsl:when test="$d/period[@open]">
                <ul class="wait-list">
                  <xsl:for-each select="$d/period[@open]">
                    <li>
                      <span class="wait-item">
                        <xsl:choose>
                          <xsl:when test="@kind = 'task'">Task <a href="/tasks/{@item-id}"><xsl:value-of select="@item"/></a>: <xsl:value-of select="@what"/></xsl:when>
                          <xsl:when test="@kind = 'milestone'">Milestone <strong><xsl:value-of select="@item"/></strong>: <xsl:value-of select="@what"/></xsl:when>
                          <xsl:when test="@kind = 'approval'">Approval of <a href="/documents/{@item-id}"><xsl:value-of select="@item"/></a>, asked of <xsl:value-of select="@what"/></xsl:when>
                          <xsl:otherwise>Decision on change <a href="/projects/{$p/@id}/changes"><xsl:value-of select="@item"/></a></xsl:otherwise>
                        </xsl:choose>
                      </span>
                      <span class="muted"> · since <xsl:call-template name="date"><xsl:with-param name="iso" select="@from"/></xsl:call-template>, <xsl:value-of select="@days"/> working days</span>
                      <xsl:if test="$can-manage and (@kind = 'task' or @kind = 'milestone')">
                        <form method="post" action="/projects/{$p/@id}/delays/clear" class="inline-form">
                          <xsl:call-template name="csrf"/>
                          <input type="hidden" name="{@kind}_id" value="{@item-id}"/>
                          <button type="submit" class="btn btn-sm">No longer waiting</button>
                        </form>
                      </xsl:if>
                    </li>
                  </xsl:for-each>
                </ul>
              </xsl:when>
              <xsl:otherwise><p class="empty-inline">Nothing is waiting on the client.</p></xsl:otherwise>
            </xsl:choose>
          </div>
        </section>
        <section class="card" aria-labelledby="all-h">
          <div class="card-head"><h2 id="all-h">Every period</h2></div>
          <xsl:choose>
            <xsl:when test="$d/period">
              <xsl:for-each select="$d"><xsl:call-template name="client-delay-table"/></xsl:for-each>
              <p class="hint card-body">Working days from the first day up to, not including, the day the wait ended (or today).
                The project's figure counts each day once, however many things were waited for that day.
                Approvals count from the request to the decision; change requests from their proposal to the decision.</p>
            </xsl:when>
            <xsl:otherwise><div class="card-body"><p class="empty-inline">The project has not waited on the client yet.</p></div></xsl:otherwise>
          </xsl:choose>
        </section>
      </div>
      <xsl:if test="$can-manage">
        <div class="col-side">
          <section class="card" aria-labelledby="mark-h">
            <div class="card-head"><h2 id="mark-h">Mark as waiting</h2></div>
            <form method="post" action="/projects/{$p/@id}/delays" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'wait'"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'wait'"/><xsl:with-param name="name" select="'task_id'"/><xsl:with-param name="label" select="'Task'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="empty" select="'—'"/><xsl:with-param name="options" select="choices/tasks/task"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'wait'"/><xsl:with-param name="name" select="'milestone_id'"/><xsl:with-param name="label" select="'or milestone'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="empty" select="'—'"/><xsl:with-param name="options" select="choices/milestones/milestone"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'wait'"/><xsl:with-param name="name" select="'what'"/><xsl:with-param name="label" select="'Waiting for'"/><xsl:with-param name="required" select="true()"/><xsl:with-param name="placeholder" select="'e.g. product photos, the API key, sign-off on the copy'"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'wait'"/><xsl:with-param name="name" select="'since'"/><xsl:with-param name="label" select="'Waiting since'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="hint" select="'Empty: today.'"/></xsl:call-template>
              <div class="form-actions"><button type="submit" class="btn btn-primary">Mark as waiting</button></div>
            </form>
          </section>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

</xsl:stylesheet>
