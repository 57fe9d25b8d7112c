<?xml version="1.0" encoding="UTF-8"?>
<!--
  tables.xsl - tables several pages show, each with one row template (included by
  layout.xsl): a page calls the table, never writes the rows itself.

  Templates (parameters; a parameter not given takes the default shown)
    project-table     projects (project elements), table: which table, also its class t-…
                        'projects'         the project list: Project (client under it on
                                           phones), Client, PM, Stage, Health, Due,
                                           Budget (PMs and admins)
                        'client-projects'  a client's page: Project, Stage, Health, PM, Due
                        'attention'        the dashboard's "Needs attention": Project,
                                           Client, PM, Stage, Health, Progress, Due
                      → the table; each row is match="project" mode="row" (param table).
    survey-trend      rows (month elements: month kind answers average nps) → the satisfaction
                      table by month with an up/down arrow against the previous month of the
                      same survey; "No answers yet." when there are none.
    kpi-table         kpis (kpi elements), empty ('No KPIs agreed yet.') → the KPI table
                      (name, target, current value, updated), or the empty text.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- projects as a table; the columns of each table are in the header comment. tandem.css
       styles the columns by position (.t-projects td:nth-child(7)…), so the order matters. -->
  <xsl:template name="project-table">
    <xsl:param name="projects"/>
    <xsl:param name="table"/>
    <div class="table-wrap">
      <table class="table t-{$table}">
        <thead>
          <tr>
            <th scope="col">Project</th>
            <xsl:if test="$table != 'client-projects'">
              <th scope="col">Client</th>
              <th scope="col">PM</th>
            </xsl:if>
            <th scope="col">Stage</th>
            <th scope="col">Health</th>
            <xsl:if test="$table = 'client-projects'"><th scope="col">PM</th></xsl:if>
            <xsl:if test="$table = 'attention'"><th scope="col">Progress</th></xsl:if>
            <th scope="col">Due</th>
            <xsl:if test="$table = 'projects' and $can-manage"><th scope="col">Budget</th></xsl:if>
          </tr>
        </thead>
        <tbody>
          <xsl:apply-templates select="$projects" mode="row">
            <xsl:with-param name="table" select="$table"/>
          </xsl:apply-templates>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <!-- one project in a project-table; table as there -->
  <xsl:template match="project" mode="row">
    <xsl:param name="table"/>
    <tr>
      <td>
        <a href="/projects/{@id}"><xsl:value-of select="@name"/></a>
        <xsl:if test="@code != ''"><span class="code"><xsl:value-of select="@code"/></span></xsl:if>
        <xsl:if test="$table = 'projects'"><span class="row-sub"><xsl:value-of select="@client-name"/></span></xsl:if>
      </td>
      <xsl:if test="$table != 'client-projects'">
        <td><xsl:value-of select="@client-name"/></td>
        <td><xsl:value-of select="@pm-name"/></td>
      </xsl:if>
      <td><xsl:call-template name="stage-badge"><xsl:with-param name="stage" select="string(@stage)"/></xsl:call-template></td>
      <td><xsl:call-template name="health-badge"><xsl:with-param name="health" select="string(@health)"/></xsl:call-template></td>
      <xsl:if test="$table = 'client-projects'"><td><xsl:value-of select="@pm-name"/></td></xsl:if>
      <xsl:if test="$table = 'attention'"><td class="dash-progress"><xsl:call-template name="progress-figure"/></td></xsl:if>
      <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@due-date)"/></xsl:call-template></td>
      <xsl:if test="$table = 'projects' and $can-manage"><td><xsl:call-template name="money"><xsl:with-param name="amount" select="string(@budget-amount)"/><xsl:with-param name="currency" select="string(@currency)"/></xsl:call-template></td></xsl:if>
    </tr>
  </xsl:template>

  <!-- one row per month and survey kind, oldest first; the score of a month beside the
       previous month's of the same kind (↑ / ↓ / =) is the trend -->
  <xsl:template name="survey-trend">
    <xsl:param name="rows"/>
    <xsl:choose>
      <xsl:when test="$rows">
        <div class="table-wrap">
        <table class="table t-trend">
          <thead><tr><th scope="col">Month</th><th scope="col">Survey</th><th scope="col" class="num">Answers</th><th scope="col" class="num">Score</th><th scope="col">Trend</th></tr></thead>
          <tbody>
            <xsl:for-each select="$rows">
              <xsl:variable name="score" select="sum(@average[../@kind != 'nps'] | @nps[../@kind = 'nps'])"/>
              <xsl:variable name="prev" select="preceding-sibling::*[@kind = current()/@kind][1]"/>
              <xsl:variable name="before" select="sum($prev/@average[../@kind != 'nps'] | $prev/@nps[../@kind = 'nps'])"/>
              <tr>
                <td><xsl:value-of select="concat(substring('JanFebMarAprMayJunJulAugSepOctNovDec', substring(@month, 6, 2) * 3 - 2, 3), ' ', substring(@month, 1, 4))"/></td>
                <td><xsl:value-of select="translate(@kind, 'csatnp', 'CSATNP')"/></td>
                <td class="num"><xsl:value-of select="@answers"/></td>
                <td class="num"><xsl:choose><xsl:when test="@kind = 'nps'"><xsl:value-of select="@nps"/></xsl:when><xsl:otherwise><xsl:value-of select="@average"/> / 5</xsl:otherwise></xsl:choose></td>
                <td class="trend">
                  <xsl:choose>
                    <xsl:when test="not($prev)"><span class="muted">first month</span></xsl:when>
                    <xsl:when test="$score &gt; $before"><span class="trend-up">↑ up from <xsl:value-of select="$prev/@average[../@kind != 'nps'] | $prev/@nps[../@kind = 'nps']"/></span></xsl:when>
                    <xsl:when test="$score &lt; $before"><span class="trend-down">↓ down from <xsl:value-of select="$prev/@average[../@kind != 'nps'] | $prev/@nps[../@kind = 'nps']"/></span></xsl:when>
                    <xsl:otherwise><span class="muted">= unchanged</span></xsl:otherwise>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        </div>
      </xsl:when>
      <xsl:otherwise><div class="card-body"><p class="empty-inline">No answers yet.</p></div></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a project's KPIs as a table (project page, report, portal); empty: the text without any -->
  <xsl:template name="kpi-table">
    <xsl:param name="kpis" select="/.."/>
    <xsl:param name="empty" select="'No KPIs agreed yet.'"/>
    <xsl:choose>
      <xsl:when test="$kpis">
        <div class="table-wrap">
          <table class="table t-kpis">
            <thead><tr><th scope="col">KPI</th><th scope="col">Target</th><th scope="col">Current</th><th scope="col">Updated</th></tr></thead>
            <tbody>
              <xsl:for-each select="$kpis">
                <tr>
                  <td><xsl:value-of select="@name"/></td>
                  <td><xsl:value-of select="@target"/></td>
                  <td><xsl:value-of select="@actual"/><xsl:if test="@actual = ''"><span class="muted">Not measured yet</span></xsl:if></td>
                  <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@updated-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise><div class="card-body"><p class="empty-inline"><xsl:value-of select="$empty"/></p></div></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
