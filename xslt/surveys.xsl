<?xml version="1.0" encoding="UTF-8"?>
<!--
  surveys.xsl - satisfaction surveys (src/page_survey.c).
    surveys  (staff) <project/>[<plan kind milestone-id at-closure/>]<surveys><survey id kind occasion
             milestone-name score comment sent-at answered-at expires-at expired contact-name/></surveys><project-trend><month month kind answers
             average nps/></project-trend><client-trend>…</client-trend><milestones><milestone id name
             due-date>name (due date)</milestone></milestones>; form "plan"
             (POST /projects/{id}/surveys: kind, milestone_id, at_closure)
    survey   (no sign-in) <survey id kind project-name contact-name token nonce [chosen]/>; form
             "survey" (POST /s/{token}: score, comment, nonce); chosen = the e-mail link's ?score=N
    survey-thanks  <survey … score/> after the answer (GET of an answered link, 200)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>
  <xsl:include href="plan-common.xsl"/>

  <xsl:template match="page[@name='surveys']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow"><a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:with-param>
      <xsl:with-param name="title" select="'Satisfaction'"/>
      <xsl:with-param name="sub" select="'Seen by staff only.'"/>
    </xsl:call-template>
    <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'surveys'"/></xsl:call-template>
    <div class="grid-main-side">
      <div class="col-main">
        <section class="card" aria-labelledby="tp-h"><div class="card-head"><h2 id="tp-h">This project, by month</h2></div>
          <xsl:call-template name="survey-trend"><xsl:with-param name="rows" select="project-trend/month"/></xsl:call-template></section>
        <section class="card" aria-labelledby="tc-h"><div class="card-head"><h2 id="tc-h"><xsl:value-of select="$p/@client-name"/>, all projects, by month</h2></div>
          <xsl:call-template name="survey-trend"><xsl:with-param name="rows" select="client-trend/month"/></xsl:call-template></section>
        <section class="card" aria-labelledby="ans-h"><div class="card-head"><h2 id="ans-h">Surveys sent</h2></div>
          <xsl:choose>
            <xsl:when test="surveys/survey">
              <div class="table-wrap">
                <table class="table t-surveys">
                  <thead><tr><th scope="col">Contact</th><th scope="col">Asked</th><th scope="col">Occasion</th><th scope="col">Survey</th><th scope="col">Answer</th></tr></thead>
                  <tbody>
                    <xsl:for-each select="surveys/survey">
                      <tr>
                        <td><xsl:value-of select="@contact-name"/></td>
                        <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@sent-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></td>
                        <td><xsl:choose>
                          <xsl:when test="@occasion = 'closure'">Project closure</xsl:when>
                          <xsl:when test="@milestone-name != ''">Milestone “<xsl:value-of select="@milestone-name"/>”</xsl:when>
                          <xsl:otherwise>A milestone since removed</xsl:otherwise>
                        </xsl:choose></td>
                        <td><xsl:value-of select="translate(@kind, 'csatnp', 'CSATNP')"/></td>
                        <td><xsl:choose>
                          <xsl:when test="@answered-at != ''">
                            <strong class="survey-score"><xsl:value-of select="@score"/></strong><span class="muted"> / <xsl:value-of select="5 * (@kind = 'csat') + 10 * (@kind = 'nps')"/></span>
                            <span class="row-sub">answered <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@answered-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></span>
                            <xsl:if test="normalize-space(@comment) != ''"><span class="row-sub survey-comment">“<xsl:value-of select="@comment"/>”</span></xsl:if>
                          </xsl:when>
                          <xsl:when test="@expired = '1'"><span class="badge status-off">Expired</span> <span class="row-sub">unanswered</span></xsl:when>
                          <xsl:otherwise><span class="badge approval-pending">Waiting</span> <span class="row-sub">link valid until <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@expires-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></span></xsl:otherwise>
                        </xsl:choose></td>
                      </tr>
                    </xsl:for-each>
                  </tbody>
                </table>
              </div>
            </xsl:when>
            <xsl:otherwise><div class="card-body"><p class="empty-inline">No survey has been sent for this project yet.</p></div></xsl:otherwise>
          </xsl:choose></section>
      </div>
      <div class="col-side">
        <xsl:if test="$can-manage">
          <section class="card" aria-labelledby="plan-h"><div class="card-head"><h2 id="plan-h">When to ask</h2></div>
            <form method="post" action="/projects/{$p/@id}/surveys" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'plan'"/></xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'plan'"/><xsl:with-param name="name" select="'kind'"/>
                <xsl:with-param name="label" select="'Survey'"/><xsl:with-param name="type" select="'select'"/>
                <xsl:with-param name="choices" select="'csat=CSAT (1-5)|nps=NPS (0-10)'"/>
                <xsl:with-param name="value" select="string(plan/@kind)"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'plan'"/><xsl:with-param name="name" select="'milestone_id'"/>
                <xsl:with-param name="label" select="'At milestone'"/><xsl:with-param name="type" select="'select'"/>
                <xsl:with-param name="empty" select="'None'"/><xsl:with-param name="options" select="milestones/milestone"/>
                <xsl:with-param name="value" select="string(plan/@milestone-id)"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'plan'"/><xsl:with-param name="name" select="'at_closure'"/>
                <xsl:with-param name="label" select="'When the project enters closure'"/><xsl:with-param name="type" select="'checkbox'"/>
                <xsl:with-param name="value" select="string(plan/@at-closure)"/>
              </xsl:call-template>
              <div class="form-actions"><button type="submit" class="btn btn-primary">Save</button></div>
            </form></section>
        </xsl:if>
      </div>
    </div>
  </xsl:template>

  <xsl:template match="page[@name='survey']" mode="main">
    <xsl:variable name="s" select="survey"/>
    <xsl:variable name="state" select="form-state[@for = 'survey']"/>
    <!-- the score to show selected: the one sent back after a 422, else the e-mail link's -->
    <xsl:variable name="cur" select="concat(string($state/value[@name = 'score']), substring(string($s/@chosen), 1, (1 div 0) * not($state)))"/>
    <xsl:variable name="error" select="$state/error[@field = 'score'][1]"/>
    <section class="auth"><div class="auth-card card survey-card">
      <div class="auth-brand"><xsl:call-template name="brand-mark"/><span class="brand-name"><xsl:value-of select="$brand-name"/></span></div>
      <h1 class="auth-title">A quick question</h1>
      <p class="auth-sub">About <strong><xsl:value-of select="$s/@project-name"/></strong></p>
      <form method="post" action="/s/{$s/@token}" class="form">
        <input type="hidden" name="nonce" value="{$s/@nonce}"/>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'survey'"/></xsl:call-template>
        <fieldset class="field score-scale">
          <xsl:if test="$error"><xsl:attribute name="class">field score-scale has-error</xsl:attribute></xsl:if>
          <legend>
            <xsl:choose>
              <xsl:when test="$s/@kind = 'nps'">How likely are you to recommend us to a colleague? (0 = not at all, 10 = extremely)</xsl:when>
              <xsl:otherwise>How satisfied are you with our work? (1 = not at all, 5 = very)</xsl:otherwise>
            </xsl:choose>
            <span class="req" aria-hidden="true"> *</span>
          </legend>
          <div class="score-options">
            <xsl:call-template name="score-radios">
              <xsl:with-param name="n" select="number($s/@kind != 'nps')"/>
              <xsl:with-param name="last" select="5 * ($s/@kind != 'nps') + 10 * ($s/@kind = 'nps')"/>
              <xsl:with-param name="cur" select="$cur"/>
            </xsl:call-template>
          </div>
          <xsl:if test="$error"><p class="field-error" id="survey-score-error" role="alert"><xsl:value-of select="$error"/></p></xsl:if>
        </fieldset>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'survey'"/><xsl:with-param name="name" select="'comment'"/>
          <xsl:with-param name="label" select="'Anything to add? (optional)'"/><xsl:with-param name="type" select="'textarea'"/>
          <xsl:with-param name="rows" select="3"/>
        </xsl:call-template>
        <button type="submit" class="btn btn-primary btn-block">
          <xsl:choose>
            <xsl:when test="$cur != ''">Confirm my score: <xsl:value-of select="$cur"/></xsl:when>
            <xsl:otherwise>Send my answer</xsl:otherwise>
          </xsl:choose>
        </button>
      </form>
    </div></section>
  </xsl:template>

  <!-- one radio per score, $n to $last, styled as buttons (no script) -->
  <xsl:template name="score-radios">
    <xsl:param name="n"/>
    <xsl:param name="last"/>
    <xsl:param name="cur"/>
    <xsl:if test="$n &lt;= $last">
      <span class="score-option">
        <input type="radio" name="score" id="score-{$n}" value="{$n}" required="required">
          <xsl:if test="string($n) = $cur"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <label for="score-{$n}"><xsl:value-of select="$n"/></label>
      </span>
      <xsl:call-template name="score-radios">
        <xsl:with-param name="n" select="$n + 1"/>
        <xsl:with-param name="last" select="$last"/>
        <xsl:with-param name="cur" select="$cur"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- after the answer (200; the link shows this from then on) -->
  <xsl:template match="page[@name='survey-thanks']" mode="main">
    <xsl:variable name="s" select="survey"/>
    <section class="auth"><div class="auth-card card">
      <div class="auth-brand"><xsl:call-template name="brand-mark"/><span class="brand-name"><xsl:value-of select="$brand-name"/></span></div>
      <h1 class="auth-title">Thank you</h1>
      <p class="auth-sub">Your answer about <strong><xsl:value-of select="$s/@project-name"/></strong> has been recorded<xsl:if test="$s/@score != ''">: <strong class="survey-score"><xsl:value-of select="$s/@score"/></strong> out of <xsl:value-of select="5 * ($s/@kind = 'csat') + 10 * ($s/@kind = 'nps')"/></xsl:if>.</p>
      <p>A survey is answered once; there is nothing more to do.</p>
    </div></section>
  </xsl:template>

</xsl:stylesheet>
