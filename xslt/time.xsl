<?xml version="1.0" encoding="UTF-8"?>
<!--
  time.xsl - time tracking and budgets.
    timesheet     <week id start end prev next this status note minutes>
                    <day d date minutes weekend/> x7
                    <row project-id task-id project-name task-title minutes>
                      <cell name minutes value locked bad/> x7 (pivoted in C)
                  </week><choices><choice project-id task-id project-name task-title/></choices>
                  <timer …/>?; forms "grid" (POST /time/grid), "entry" (POST /time/entries),
                  "timer" (POST /time/timer/start; a running one: stop, discard), "submit" (POST /time/submit)
    approvals     <waiting user-id user-name week week-start><project …/></waiting>
                  <flags><entry …/></flags>; form "decide" (POST /time/approvals)
    rates         <rates><rate …/></rates><staff/><projects/>; form "rate"
    budget        <project … hours-percent money-percent/><forecast/><burn points …/>
                  <expenses/><categories/>; form "expense"
    project-time  <project/><filters/><total/><by-person/><by-task/><by-week/> (<group …/>)
    utilization   <filters from to/><people><person …/></people>
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="day-names" select="'MonTueWedThuFriSatSun'"/>
  <!-- an expense category's label (budget page) -->
  <xsl:key name="expense-category" match="/page/categories/category" use="@value"/>

  <!-- ============================================================ timesheet -->

  <xsl:template match="page[@name='timesheet']" mode="main">
    <xsl:variable name="w" select="week"/>
    <xsl:variable name="locked" select="$w/@status = 'submitted'"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Timesheet'"/>
      <xsl:with-param name="sub">
        <xsl:text>Week </xsl:text><xsl:value-of select="substring($w/@id, 7)"/>
        <xsl:text> · </xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="iso" select="$w/@start"/></xsl:call-template>
        <xsl:text> – </xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="iso" select="$w/@end"/></xsl:call-template>
        <xsl:text> · </xsl:text>
        <span class="tag week-{$w/@status}"><xsl:value-of select="$w/@status"/></span>
      </xsl:with-param>
      <xsl:with-param name="actions">
        <a class="btn" href="/time?week={$w/@prev}" rel="prev">‹ Previous week</a>
        <a class="btn" href="/time?week={$w/@this}">This week</a>
        <a class="btn" href="/time?week={$w/@next}" rel="next">Next week ›</a>
        <a class="btn" href="/time?week={$w/@id}&amp;copy=1">Copy last week's rows</a>
        <xsl:if test="$can-manage"><a class="btn" href="/time/approvals">Approvals</a> <a class="btn" href="/reports/utilization">Utilization</a></xsl:if>
        <a class="btn" href="/workload">Workload</a>
        <xsl:if test="$is-admin"><a class="btn" href="/settings/rates">Rates</a></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:if test="normalize-space($w/@note) != ''">
      <div class="flash flash-error" role="alert"><span class="flash-text">Sent back: <xsl:value-of select="$w/@note"/></span></div>
    </xsl:if>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'grid'"/></xsl:call-template>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'entry'"/></xsl:call-template>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'entry-edit'"/></xsl:call-template>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'timer'"/></xsl:call-template>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'timer-stop'"/></xsl:call-template>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'submit'"/></xsl:call-template>

    <form method="post" action="/time/grid" class="card timesheet-form" id="timesheet">
      <xsl:call-template name="csrf"/>
      <input type="hidden" name="week" value="{$w/@id}"/>
      <div class="table-wrap">
        <table class="table timesheet">
          <caption class="sr-only">Hours by project and day; type 1.5, 1:30, 90m or 1h30</caption>
          <thead>
            <tr>
              <th scope="col">Project / task</th>
              <xsl:for-each select="$w/day">
                <th scope="col" class="num">
                  <xsl:if test="@weekend"><xsl:attribute name="class">num weekend</xsl:attribute></xsl:if>
                  <xsl:value-of select="substring($day-names, @d * 3 + 1, 3)"/>
                  <span class="day-date"><xsl:text> </xsl:text><xsl:value-of select="number(substring(@date, 9, 2))"/></span>
                </th>
              </xsl:for-each>
              <th scope="col" class="num">Total</th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="$w/row">
              <xsl:variable name="label" select="concat(@project-name, substring(concat(' — ', @task-title), 1, (1 div 0) * (normalize-space(@task-title) != '')))"/>
              <tr>
                <th scope="row" class="row-title"><xsl:value-of select="$label"/></th>
                <xsl:for-each select="cell">
                  <td class="num cell">
                    <input type="text" name="{@name}" value="{@value}" size="5" inputmode="decimal" autocomplete="off" class="hours-input" aria-label="{$label}, {substring($day-names, position() * 3 - 2, 3)}">
                      <xsl:if test="@locked or $locked"><xsl:attribute name="readonly">readonly</xsl:attribute><xsl:attribute name="class">hours-input is-locked</xsl:attribute></xsl:if>
                      <xsl:if test="@bad"><xsl:attribute name="aria-invalid">true</xsl:attribute><xsl:attribute name="class">hours-input is-invalid</xsl:attribute></xsl:if>
                    </input>
                  </td>
                </xsl:for-each>
                <td class="num row-total" data-minutes="{@minutes}"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@minutes"/></xsl:call-template></td>
              </tr>
            </xsl:for-each>
            <xsl:if test="not($locked)">
              <tr class="new-row">
                <th scope="row">
                  <label for="grid-new_row" class="sr-only">Add a row</label>
                  <span class="select">
                    <select name="new_row" id="grid-new_row">
                      <option value="">Add a row…</option>
                      <xsl:for-each select="choices/choice">
                        <option>
                          <xsl:attribute name="value"><xsl:value-of select="@project-id"/><xsl:if test="@task-id != 0">-<xsl:value-of select="@task-id"/></xsl:if></xsl:attribute>
                          <xsl:value-of select="@project-name"/>
                          <xsl:if test="@task-id != 0"> — <xsl:value-of select="@task-title"/></xsl:if>
                        </option>
                      </xsl:for-each>
                    </select>
                  </span>
                </th>
                <xsl:for-each select="$w/day">
                  <td class="num cell"><input type="text" name="new-{@d}" value="" size="5" inputmode="decimal" autocomplete="off" class="hours-input" aria-label="New row, {substring($day-names, @d * 3 + 1, 3)}"/></td>
                </xsl:for-each>
                <td></td>
              </tr>
            </xsl:if>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <xsl:for-each select="$w/day">
                <td class="num day-total" data-minutes="{@minutes}"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@minutes"/></xsl:call-template></td>
              </xsl:for-each>
              <td class="num week-total" data-minutes="{$w/@minutes}"><strong><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$w/@minutes"/></xsl:call-template></strong></td>
            </tr>
          </tfoot>
        </table>
      </div>
      <div class="form-actions card-body">
        <xsl:if test="not($locked)">
          <button type="submit" class="btn btn-primary" id="save-week">Save week</button>
        </xsl:if>
        <span class="hint">Tab moves along the row; Enter saves. Type 1.5, 1,5, 1:30, 90m or 1h30.</span>
      </div>
    </form>
    <script src="/static/time.js" defer="defer"></script>

    <xsl:if test="entries/entry">
      <section class="card">
        <h2 class="card-head">Entries this week</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label="Entries this week"><table class="table entries">
          <thead><tr><th scope="col">Day</th><th scope="col">Project / task</th><th scope="col">Hours, note, billable</th><th scope="col"><span class="sr-only">Delete</span></th></tr></thead>
          <tbody>
            <xsl:for-each select="entries/entry">
              <tr>
                <td class="nowrap"><xsl:value-of select="substring($day-names, @d * 3 + 1, 3)"/><xsl:text> </xsl:text><xsl:value-of select="number(substring(@work-date, 9, 2))"/></td>
                <td><xsl:value-of select="@project-name"/><xsl:if test="@task-title"> — <xsl:value-of select="@task-title"/></xsl:if></td>
                <td>
                  <xsl:choose>
                    <xsl:when test="@status = 'open' and not($locked)">
                      <form method="post" action="/time/entries/{@id}" class="inline-form">
                        <xsl:call-template name="csrf"/>
                        <input type="text" name="hours" value="{floor(@minutes div 60)}:{format-number(@minutes mod 60, '00')}" size="5" aria-label="Hours" class="hours-input"/>
                        <input type="text" name="note" value="{@note}" aria-label="Note"/>
                        <label><input type="checkbox" name="billable" value="1"><xsl:if test="@billable = 1"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if></input> billable</label>
                        <button type="submit" class="btn btn-sm">Save</button>
                      </form>
                    </xsl:when>
                    <xsl:otherwise>
                      <xsl:call-template name="hours"><xsl:with-param name="minutes" select="@minutes"/></xsl:call-template>
                      <xsl:if test="normalize-space(@note) != ''"> · <xsl:value-of select="@note"/></xsl:if>
                      <xsl:if test="@billable = 0"> · not billable</xsl:if>
                      <xsl:text> </xsl:text><span class="tag week-{@status}"><xsl:value-of select="@status"/></span>
                    </xsl:otherwise>
                  </xsl:choose>
                </td>
                <td>
                  <xsl:if test="@status = 'open' and not($locked)">
                    <form method="post" action="/time/entries/{@id}/delete" data-confirm="Delete this entry?">
                      <xsl:call-template name="csrf"/>
                      <button type="submit" class="btn btn-sm">Delete</button>
                    </form>
                  </xsl:if>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table></div>
      </section>
    </xsl:if>

    <div class="grid-main-side">
      <div class="col-main">
        <section class="card">
          <h2 class="card-head">Timer</h2>
          <xsl:choose>
            <xsl:when test="timer">
              <form method="post" action="/time/timer/stop" class="form card-body">
                <xsl:call-template name="csrf"/>
                <p>Running on <strong><xsl:value-of select="timer/@project-name"/></strong> since
                  <time datetime="{timer/@started-at}"><xsl:call-template name="date"><xsl:with-param name="iso" select="timer/@started-at"/></xsl:call-template></time>
</p>
                <div class="form-actions"><button type="submit" class="btn btn-primary">Stop timer</button></div>
              </form>
              <!-- always offered: the way out when the timer's week is locked -->
              <form method="post" action="/time/timer/discard" class="form card-body timer-discard" data-confirm="Discard the running timer? Its time will not be recorded, and this cannot be undone.">
                <xsl:call-template name="csrf"/>
                <div class="form-actions"><button type="submit" class="btn btn-danger">Discard timer</button>
                  <span class="hint">Throws the timer away without recording its time.</span></div>
              </form>
            </xsl:when>
            <xsl:otherwise>
              <form method="post" action="/time/timer/start" class="form card-body">
                <xsl:call-template name="csrf"/>
                <xsl:call-template name="target-fields"><xsl:with-param name="form" select="'timer'"/></xsl:call-template>
                <xsl:call-template name="field"><xsl:with-param name="form" select="'timer'"/><xsl:with-param name="name" select="'note'"/><xsl:with-param name="label" select="'Note'"/></xsl:call-template>
                <div class="form-actions"><button type="submit" class="btn">Start timer</button></div>
              </form>
            </xsl:otherwise>
          </xsl:choose>
        </section>
      </div>
      <div class="col-side">
        <section class="card">
          <h2 class="card-head">Log time</h2>
          <form method="post" action="/time/entries" class="form card-body">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="target-fields"><xsl:with-param name="form" select="'entry'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'entry'"/><xsl:with-param name="name" select="'work_date'"/><xsl:with-param name="label" select="'Date'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="value" select="$w/@start"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'entry'"/><xsl:with-param name="name" select="'hours'"/><xsl:with-param name="label" select="'Hours'"/><xsl:with-param name="required" select="true()"/><xsl:with-param name="placeholder" select="'1:30'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'entry'"/><xsl:with-param name="name" select="'billable'"/><xsl:with-param name="label" select="'Billable'"/><xsl:with-param name="type" select="'checkbox'"/><xsl:with-param name="value" select="'1'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'entry'"/><xsl:with-param name="name" select="'note'"/><xsl:with-param name="label" select="'Note'"/></xsl:call-template>
            <div class="form-actions"><button type="submit" class="btn">Add entry</button></div>
          </form>
        </section>
        <xsl:if test="$w/@status != 'submitted' and $w/@minutes &gt; 0">
          <section class="card">
            <form method="post" action="/time/submit" class="form card-body">
              <xsl:call-template name="csrf"/>
              <input type="hidden" name="week" value="{$w/@id}"/>
              <button type="submit" class="btn btn-primary">Submit week for approval</button>
            </form>
          </section>
        </xsl:if>
      </div>
    </div>
  </xsl:template>

  <!-- project and task selects (project_id, task_id) from <choices>; values kept on a 422 -->
  <xsl:template name="target-fields">
    <xsl:param name="form"/>
    <xsl:variable name="state" select="/page/form-state[@for = $form]"/>
    <xsl:variable name="pv" select="string($state/value[@name = 'project_id'])"/>
    <xsl:variable name="tv" select="string($state/value[@name = 'task_id'])"/>
    <div class="field field-select">
      <xsl:if test="$state/error[@field = 'project_id']"><xsl:attribute name="class">field field-select has-error</xsl:attribute></xsl:if>
      <label for="{$form}-project_id">Project<span class="req" aria-hidden="true"> *</span></label>
      <span class="select"><select id="{$form}-project_id" name="project_id" required="required">
        <option value="">Choose…</option>
        <xsl:for-each select="/page/choices/choice[@task-id = 0]">
          <option value="{@project-id}"><xsl:if test="@project-id = $pv"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="@project-name"/></option>
        </xsl:for-each>
      </select></span>
      <xsl:for-each select="$state/error[@field = 'project_id']"><p class="field-error"><xsl:value-of select="."/></p></xsl:for-each>
    </div>
    <div class="field field-select">
      <label for="{$form}-task_id">Task</label>
      <span class="select"><select id="{$form}-task_id" name="task_id">
        <option value="">No task</option>
        <xsl:for-each select="/page/choices/choice[@task-id != 0]">
          <option value="{@task-id}"><xsl:if test="@task-id = $tv"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="concat(@project-name, ' — ', @task-title)"/></option>
        </xsl:for-each>
      </select></span>
      <xsl:for-each select="$state/error[@field = 'task_id']"><p class="field-error"><xsl:value-of select="."/></p></xsl:for-each>
    </div>
  </xsl:template>

  <!-- ============================================================ approvals -->

  <xsl:template match="page[@name='approvals']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Approvals'"/>
      <xsl:with-param name="sub"><xsl:value-of select="count(waiting)"/> week(s) waiting</xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'decide'"/></xsl:call-template>
    <xsl:if test="not(waiting)">
      <xsl:call-template name="empty-state"><xsl:with-param name="title" select="'Nothing waiting for your approval.'"/></xsl:call-template>
    </xsl:if>
    <xsl:for-each select="waiting">
      <xsl:variable name="uid" select="@user-id"/>
      <xsl:variable name="ws" select="@week-start"/>
      <section class="card approval">
        <h2 class="card-head"><xsl:value-of select="@user-name"/> · Week <xsl:value-of select="number(substring(@week, 7))"/>
          <xsl:text> · from </xsl:text><xsl:call-template name="date"><xsl:with-param name="iso" select="@week-start"/></xsl:call-template></h2>
        <div class="table-wrap"><table class="table">
          <thead><tr><th scope="col">Project</th><th scope="col" class="num">Hours</th><th scope="col" class="num">Billable</th><th scope="col" class="num">Entries</th></tr></thead>
          <tbody>
            <xsl:for-each select="project">
              <tr><td><xsl:value-of select="@project-name"/></td>
                <td class="num"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@minutes"/></xsl:call-template></td>
                <td class="num"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@billable-minutes"/></xsl:call-template></td>
                <td class="num"><xsl:value-of select="@entries"/></td></tr>
            </xsl:for-each>
          </tbody>
        </table></div>
        <xsl:variable name="flags" select="/page/flags/entry[@user-id = $uid and @week-start = $ws]"/>
        <xsl:if test="$flags">
          <ul class="flag-list card-body">
            <xsl:for-each select="$flags">
              <li><xsl:call-template name="date"><xsl:with-param name="iso" select="@work-date"/></xsl:call-template>
                <xsl:text> · </xsl:text><xsl:value-of select="@project-name"/><xsl:text> · </xsl:text>
                <xsl:call-template name="hours"><xsl:with-param name="minutes" select="@minutes"/></xsl:call-template>
                <xsl:if test="@long-day = 1"> <span class="tag tag-red">over 10 h that day</span></xsl:if>
                <xsl:if test="@weekend = 1"> <span class="tag">weekend</span></xsl:if>
                <xsl:if test="@non-billable = 1"> <span class="tag">non-billable on a billable project</span></xsl:if>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:if>
        <form method="post" action="/time/approvals" class="form card-body inline-form">
          <xsl:call-template name="csrf"/>
          <input type="hidden" name="user_id" value="{$uid}"/>
          <input type="hidden" name="week" value="{@week}"/>
          <label for="note-{$uid}-{@week}">Note (needed to reject)</label>
          <input type="text" name="note" id="note-{$uid}-{@week}"/>
          <button type="submit" name="decision" value="approve" class="btn btn-primary">Approve</button>
          <button type="submit" name="decision" value="reject" class="btn">Reject</button>
        </form>
      </section>
    </xsl:for-each>
  </xsl:template>

  <!-- ============================================================ rates -->

  <xsl:template match="page[@name='rates']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="settings" select="true()"/>
      <xsl:with-param name="title" select="'Rates'"/>
      <xsl:with-param name="sub">The rate in force on an entry's date prices it; a project rate overrides the person's own. A rate prices only projects in its currency: time on a project with no rate in its currency has no price, and its budget page says so.</xsl:with-param>
    </xsl:call-template>
    <div class="grid-main-side">
      <div class="col-main"><section class="card"><div class="table-wrap"><table class="table">
        <thead><tr><th scope="col">Person</th><th scope="col">Project</th><th scope="col">From</th><th scope="col" class="num">Billable / h</th><th scope="col" class="num">Cost / h</th></tr></thead>
        <tbody>
          <xsl:for-each select="rates/rate">
            <tr><td><xsl:value-of select="@user-name"/></td>
              <td><xsl:choose><xsl:when test="@project-name"><xsl:value-of select="@project-name"/></xsl:when><xsl:otherwise>All projects</xsl:otherwise></xsl:choose></td>
              <td><xsl:call-template name="date"><xsl:with-param name="iso" select="@effective-from"/></xsl:call-template></td>
              <td class="num"><xsl:call-template name="money"><xsl:with-param name="amount" select="@bill-rate"/><xsl:with-param name="currency" select="@currency"/></xsl:call-template></td>
              <td class="num"><xsl:call-template name="money"><xsl:with-param name="amount" select="@cost-rate"/><xsl:with-param name="currency" select="@currency"/></xsl:call-template></td></tr>
          </xsl:for-each>
        </tbody></table></div></section></div>
      <div class="col-side"><section class="card"><h2 class="card-head">New rate</h2>
        <form method="post" action="/settings/rates" class="form card-body">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'rate'"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'rate'"/><xsl:with-param name="name" select="'user_id'"/><xsl:with-param name="label" select="'Person'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="options" select="staff/user"/><xsl:with-param name="empty" select="'Choose…'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'rate'"/><xsl:with-param name="name" select="'project_id'"/><xsl:with-param name="label" select="'Project (override)'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="options" select="projects/project"/><xsl:with-param name="empty" select="'All projects'"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'rate'"/><xsl:with-param name="name" select="'effective_from'"/><xsl:with-param name="label" select="'In force from'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'rate'"/><xsl:with-param name="name" select="'currency'"/><xsl:with-param name="label" select="'Currency (prices only projects in it)'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="options" select="currencies/currency"/><xsl:with-param name="empty" select="'The project’s, else the person’s'"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'rate'"/><xsl:with-param name="name" select="'bill_rate'"/><xsl:with-param name="label" select="'Billable rate per hour'"/><xsl:with-param name="inputmode" select="'decimal'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'rate'"/><xsl:with-param name="name" select="'cost_rate'"/><xsl:with-param name="label" select="'Cost rate per hour'"/><xsl:with-param name="inputmode" select="'decimal'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <div class="form-actions"><button type="submit" class="btn btn-primary">Save rate</button></div>
        </form></section>
        <section class="card"><h2 class="card-head">Weekly capacity</h2>
          <ul class="card-body capacity-list">
            <xsl:for-each select="staff/user">
              <li><xsl:value-of select="@name"/>: <xsl:call-template name="hours"><xsl:with-param name="minutes" select="@capacity-week"/></xsl:call-template> a week</li>
            </xsl:for-each>
          </ul>
          <form method="post" action="/settings/capacity" class="form card-body">
            <xsl:call-template name="csrf"/>
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'capacity'"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'capacity'"/><xsl:with-param name="name" select="'user_id'"/><xsl:with-param name="label" select="'Person'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="options" select="staff/user"/><xsl:with-param name="empty" select="'Choose…'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="form" select="'capacity'"/><xsl:with-param name="name" select="'hours'"/><xsl:with-param name="label" select="'Hours a week'"/><xsl:with-param name="inputmode" select="'decimal'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
            <div class="form-actions"><button type="submit" class="btn">Save capacity</button></div>
          </form>
        </section></div>
    </div>
  </xsl:template>

  <!-- ============================================================ budget -->

  <xsl:template match="page[@name='budget']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="crumb"><a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:with-param>
      <xsl:with-param name="title" select="'Budget'"/>
      <xsl:with-param name="actions"><xsl:if test="$can-manage"><a class="btn" href="/projects/{$p/@id}/time">Time report</a></xsl:if></xsl:with-param>
    </xsl:call-template>
    <div class="stat-grid">
      <div class="stat-card"><p class="stat-label">Hours spent (submitted and approved time)</p>
        <p class="stat-value tabular budget-spent-hours"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$p/@spent-minutes"/></xsl:call-template>
          <span class="stat-of"> of <xsl:call-template name="hours"><xsl:with-param name="minutes" select="$p/@budget-minutes"/></xsl:call-template>
          (<span class="hours-percent"><xsl:value-of select="$p/@hours-percent"/></span> %)</span></p></div>
      <div class="stat-card"><p class="stat-label">Hours logged (all time: open, submitted and approved)</p>
        <p class="stat-value tabular budget-logged-hours"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$p/@logged-minutes"/></xsl:call-template></p></div>
      <xsl:if test="$can-manage">
        <div class="stat-card"><p class="stat-label">Money spent (submitted and approved time, billable expenses)</p>
          <p class="stat-value tabular"><xsl:call-template name="money"><xsl:with-param name="amount" select="$p/@spent-amount"/><xsl:with-param name="currency" select="$p/@currency"/></xsl:call-template>
            <span class="stat-of"> of <xsl:call-template name="money"><xsl:with-param name="amount" select="$p/@budget-amount"/><xsl:with-param name="currency" select="$p/@currency"/></xsl:call-template>
            (<span class="money-percent"><xsl:value-of select="$p/@money-percent"/></span> %)</span></p></div>
        <div class="stat-card"><p class="stat-label">Forecast at completion</p>
          <p class="stat-value tabular"><xsl:call-template name="money"><xsl:with-param name="amount" select="forecast/@amount"/><xsl:with-param name="currency" select="$p/@currency"/></xsl:call-template>
            <span class="stat-of"> (<xsl:value-of select="forecast/@percent"/> % of the budget)</span></p></div>
      </xsl:if>
    </div>
    <xsl:call-template name="unpriced-warning"/>
    <xsl:if test="burn">
      <section class="card"><h2 class="card-head">Burn</h2>
        <xsl:variable name="b" select="burn"/>
        <svg class="burn-chart" viewBox="0 0 {$b/@width} {$b/@height}" role="img" aria-label="Cumulative spend against the budget">
          <line class="burn-axis" x1="{$b/@left}" y1="{$b/@bottom}" x2="{$b/@right}" y2="{$b/@bottom}"/>
          <xsl:if test="$b/@budget-y">
            <line class="burn-budget" x1="{$b/@left}" y1="{$b/@budget-y}" x2="{$b/@right}" y2="{$b/@budget-y}"/>
          </xsl:if>
          <line class="burn-forecast" x1="{$b/@left}" y1="{$b/@forecast-y}" x2="{$b/@right}" y2="{$b/@forecast-y}"/>
          <polyline class="burn-line" points="{$b/@points}"/>
        </svg>
        <p class="burn-legend">
          <span><span class="burn-key burn-key-line" aria-hidden="true"></span>Money spent to date</span>
          <xsl:if test="$b/@budget-y"><span><span class="burn-key burn-key-budget" aria-hidden="true"></span>Budget</span></xsl:if>
          <span><span class="burn-key burn-key-forecast" aria-hidden="true"></span>Forecast at completion</span>
        </p>
      </section>
    </xsl:if>
    <div class="grid-main-side">
      <!-- a member sees no expense list: the form alone, not beside an empty column -->
      <xsl:if test="not($can-manage)"><xsl:attribute name="class">grid-main-side grid-side-only</xsl:attribute></xsl:if>
      <div class="col-main"><xsl:if test="$can-manage"><section class="card"><h2 class="card-head">Expenses</h2>
        <xsl:if test="expenses/expense"><div class="table-wrap"><table class="table">
          <thead><tr><th scope="col">Date</th><th scope="col">Category</th><th scope="col">Note</th><th scope="col" class="num">Amount</th><th scope="col">Billable</th></tr></thead>
          <tbody><xsl:for-each select="expenses/expense">
            <tr><td><xsl:call-template name="date"><xsl:with-param name="iso" select="@spent-on"/></xsl:call-template></td>
              <td><xsl:choose><xsl:when test="key('expense-category', @category)"><xsl:value-of select="key('expense-category', @category)/@name"/></xsl:when><xsl:otherwise><xsl:value-of select="@category"/></xsl:otherwise></xsl:choose></td><td><xsl:value-of select="@note"/></td>
              <td class="num"><xsl:call-template name="money"><xsl:with-param name="amount" select="@amount"/><xsl:with-param name="currency" select="@currency"/></xsl:call-template></td>
              <td><xsl:if test="@billable = 1">yes</xsl:if></td></tr>
          </xsl:for-each></tbody></table></div></xsl:if>
        <xsl:if test="not(expenses/expense)"><p class="card-body empty-inline">No expenses recorded yet.</p></xsl:if></section></xsl:if></div>
      <div class="col-side"><section class="card"><h2 class="card-head">Add an expense</h2>
        <form method="post" action="/projects/{$p/@id}/expenses" class="form card-body">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'expense'"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'expense'"/><xsl:with-param name="name" select="'spent_on'"/><xsl:with-param name="label" select="'Date'"/><xsl:with-param name="type" select="'date'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'expense'"/><xsl:with-param name="name" select="'amount'"/><xsl:with-param name="label" select="'Amount'"/><xsl:with-param name="inputmode" select="'decimal'"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'expense'"/><xsl:with-param name="name" select="'category'"/><xsl:with-param name="label" select="'Category'"/><xsl:with-param name="type" select="'select'"/><xsl:with-param name="options" select="categories/category"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'expense'"/><xsl:with-param name="name" select="'billable'"/><xsl:with-param name="label" select="'Billable'"/><xsl:with-param name="type" select="'checkbox'"/><xsl:with-param name="value" select="'1'"/></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="form" select="'expense'"/><xsl:with-param name="name" select="'note'"/><xsl:with-param name="label" select="'Note'"/></xsl:call-template>
          <div class="form-actions"><button type="submit" class="btn btn-primary">Add expense</button></div>
        </form></section></div>
    </div>
  </xsl:template>

  <!-- ============================================================ reports -->

  <!-- one table of report groups; runs for hundreds of rows, so the money format is
       worked out once here and applied inline; durations go through format.xsl's
       `hours`, the one duration format -->
  <xsl:template name="groups">
    <xsl:param name="title"/>
    <xsl:param name="rows"/>
    <xsl:param name="currency"/>
    <xsl:param name="kind"/>
    <xsl:variable name="f" select="substring-before(substring-after($money-formats, concat('|', $currency, '=')), '|')"/>
    <xsl:variable name="div" select="concat(substring($f, 1, 4), substring('0100', 1, 4 * not($f)))"/>
    <xsl:variable name="pat" select="concat(substring($f, 5), substring(concat($currency, ' #,##0.00'), 1, (1 div 0) * not($f)))"/>
    <section class="card"><h2 class="card-head"><xsl:value-of select="$title"/></h2>
      <div class="table-wrap"><table class="table">
        <thead><tr><th scope="col"><xsl:value-of select="$kind"/></th><th scope="col" class="num">Hours</th><th scope="col" class="num">Billable</th><th scope="col" class="num">Amount</th></tr></thead>
        <tbody><xsl:for-each select="$rows">
          <tr><td><xsl:choose>
                <xsl:when test="$kind = 'Week'"><xsl:value-of select="concat(number(substring(@id, 9, 2)), ' ', substring('JanFebMarAprMayJunJulAugSepOctNovDec', substring(@id, 6, 2) * 3 - 2, 3), ' ', substring(@id, 1, 4))"/></xsl:when>
                <xsl:when test="@name != ''"><xsl:value-of select="@name"/></xsl:when>
                <xsl:otherwise>No task</xsl:otherwise></xsl:choose></td>
            <td class="num"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@minutes"/></xsl:call-template></td>
            <td class="num"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@billable-minutes"/></xsl:call-template></td>
            <td class="num"><xsl:value-of select="format-number(@amount div $div, $pat, 'tandem')"/></td></tr>
        </xsl:for-each></tbody></table></div></section>
  </xsl:template>

  <xsl:template match="page[@name='project-time']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="crumb"><a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:with-param>
      <xsl:with-param name="title" select="'Time report'"/>
      <xsl:with-param name="actions">
        <a class="btn" href="/projects/{$p/@id}/time.csv?{filters/@query}">Export CSV</a>
        <a class="btn" href="/projects/{$p/@id}/budget">Budget</a>
      </xsl:with-param>
    </xsl:call-template>
    <form method="get" action="/projects/{$p/@id}/time" class="filter-bar" role="search" aria-label="Filter by date">
      <div class="field field-inline"><label for="f-from">From</label><input type="date" id="f-from" name="from" value="{filters/@from}"/></div>
      <div class="field field-inline"><label for="f-to">To</label><input type="date" id="f-to" name="to" value="{filters/@to}"/></div>
      <div class="filter-actions"><button type="submit" class="btn">Filter</button>
        <xsl:if test="string(filters/@from) != '' or string(filters/@to) != ''"><a class="btn btn-ghost" href="/projects/{$p/@id}/time">Clear</a></xsl:if></div>
    </form>
    <div class="stat-grid">
      <div class="stat-card"><p class="stat-label">Hours logged (all time: open, submitted and approved)</p><p class="stat-value tabular total-minutes"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="total/@minutes"/></xsl:call-template></p></div>
      <div class="stat-card"><p class="stat-label">Billable</p><p class="stat-value tabular"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="total/@billable-minutes"/></xsl:call-template><span class="stat-of"> not billable: <xsl:call-template name="hours"><xsl:with-param name="minutes" select="total/@non-billable-minutes"/></xsl:call-template></span></p></div>
      <div class="stat-card"><p class="stat-label">Billable value</p><p class="stat-value tabular total-amount"><xsl:call-template name="money"><xsl:with-param name="amount" select="total/@amount"/><xsl:with-param name="currency" select="$p/@currency"/></xsl:call-template></p></div>
    </div>
    <xsl:call-template name="unpriced-warning"/>
    <xsl:call-template name="groups"><xsl:with-param name="title" select="'By person'"/><xsl:with-param name="rows" select="by-person/group"/><xsl:with-param name="currency" select="$p/@currency"/><xsl:with-param name="kind" select="'Person'"/></xsl:call-template>
    <xsl:call-template name="groups"><xsl:with-param name="title" select="'By task'"/><xsl:with-param name="rows" select="by-task/group"/><xsl:with-param name="currency" select="$p/@currency"/><xsl:with-param name="kind" select="'Task'"/></xsl:call-template>
    <xsl:call-template name="groups"><xsl:with-param name="title" select="'By week'"/><xsl:with-param name="rows" select="by-week/group"/><xsl:with-param name="currency" select="$p/@currency"/><xsl:with-param name="kind" select="'Week'"/></xsl:call-template>
  </xsl:template>

  <xsl:template match="page[@name='utilization']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Utilization'"/>
      <xsl:with-param name="actions"><a class="btn" href="/workload">Workload (weeks ahead)</a> <a class="btn" href="/reports/utilization.csv?from={filters/@from}&amp;to={filters/@to}">Export CSV</a></xsl:with-param>
    </xsl:call-template>
    <form method="get" action="/reports/utilization" class="filter-bar" role="search" aria-label="Filter by date">
      <div class="field field-inline"><label for="u-from">From</label><input type="date" id="u-from" name="from" value="{filters/@from}"/></div>
      <div class="field field-inline"><label for="u-to">To</label><input type="date" id="u-to" name="to" value="{filters/@to}"/></div>
      <div class="filter-actions"><button type="submit" class="btn">Filter</button></div>
    </form>
    <section class="card"><div class="table-wrap"><table class="table">
      <thead><tr><th scope="col">Person</th><th scope="col" class="num">Hours</th><th scope="col" class="num">Capacity</th><th scope="col" class="num">Utilization</th><th scope="col" class="num">Billable share</th></tr></thead>
      <tbody><xsl:for-each select="people/person">
        <tr><td><xsl:value-of select="@name"/></td>
          <td class="num"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@minutes"/></xsl:call-template></td>
          <td class="num"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="@capacity"/></xsl:call-template></td>
          <td class="num"><xsl:value-of select="@utilization"/> %</td>
          <td class="num"><xsl:value-of select="@billable-share"/> %</td></tr>
      </xsl:for-each></tbody></table></div></section>
  </xsl:template>

</xsl:stylesheet>
