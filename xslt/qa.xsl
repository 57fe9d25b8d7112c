<?xml version="1.0" encoding="UTF-8"?>
<!--
  qa.xsl - deliverable QA and closure (issue 16, src/page/page_qa.c, page_closure.c,
  closure_view.c). Staff only.
    milestone  <project …/><milestone id project-id name due-date client-visible reached-on
               project-name/><criteria><criterion id text client-visible/></criteria>;
               forms "criterion" (POST /milestones/{id}/criteria), "criterion-{id}"
    closure    <project …/><checklist open><item code count/>…</checklist>[<debrief …/>];
               form "stage" (POST /projects/{id}/stage: stage=closure, note, client_visible,
               reason — needed while items are open)
    debrief    <project …/>[<debrief went-well went-badly closed-at closed-on closed-by-name
               close-reason open-* written-at written-by-name/>][<budget …/>]
               <surveys><survey kind sent answers average/></surveys>
               <lessons><lesson id text tags …/></lessons><client-wait days/> (delay.h)<dates start-date due-date
               baseline-due plan-end closed-on slip/>; forms "debrief" (POST
               /projects/{id}/debrief), "lesson" (POST /projects/{id}/lessons), "lesson-{id}"
               (POST /lessons/{id}, /lessons/{id}/delete)
    lessons    <filters tag client-id/><tags><tag tag n/></tags><clients/><lessons/><pager/>
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>
  <xsl:include href="plan-common.xsl"/>
  <xsl:include href="qa-common.xsl"/>

  <!-- the closure checklist's items: code=label|… and where each is dealt with -->
  <xsl:variable name="closure-labels" select="'|tasks=Open tasks|approvals=Pending approvals|changes=Change requests not decided|time=Timesheet weeks not approved|risks=Open risks|reports=Status reports not published|survey=Closure survey turned off and none sent|documents=Shared documents without an approved version|'"/>
  <xsl:variable name="closure-links" select="'|tasks=/tasks|approvals=/documents|changes=/changes|time=/time|risks=/risks|reports=/status-reports|survey=/surveys|documents=/documents|'"/>

  <xsl:template name="closure-label">
    <xsl:param name="code"/>
    <xsl:value-of select="substring-before(substring-after($closure-labels, concat('|', $code, '=')), '|')"/>
  </xsl:template>

  <!-- ============================================================ the milestone page -->

  <xsl:template match="page[@name='milestone']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:variable name="m" select="milestone"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow"><a href="/projects/{$p/@id}/tasks"><xsl:value-of select="$p/@name"/> · Tasks</a></xsl:with-param>
      <xsl:with-param name="title"><span class="diamond-icon" aria-hidden="true">◆ </span><xsl:value-of select="$m/@name"/></xsl:with-param>
      <xsl:with-param name="meta">
        <span class="meta-item">Due <xsl:call-template name="date"><xsl:with-param name="iso" select="string($m/@due-date)"/></xsl:call-template></span>
        <span class="meta-item"><xsl:choose>
          <xsl:when test="$m/@reached-on">Reached <xsl:call-template name="date"><xsl:with-param name="iso" select="string($m/@reached-on)"/></xsl:call-template></xsl:when>
          <xsl:otherwise>Not reached yet</xsl:otherwise>
        </xsl:choose></span>
        <span class="meta-item"><xsl:call-template name="shared-badge"><xsl:with-param name="shared" select="$m/@client-visible = '1'"/></xsl:call-template></span>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'tasks'"/></xsl:call-template>
    <xsl:call-template name="qa-criteria">
      <xsl:with-param name="add-action" select="concat('/milestones/', $m/@id, '/criteria')"/>
      <xsl:with-param name="intro" select="'What this milestone must meet, agreed with the client. The client sees the ones shown to them in the portal when the milestone is shown to them.'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ the closure checklist -->

  <xsl:template match="page[@name='closure']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:variable name="c" select="checklist"/>
    <xsl:variable name="closed" select="$p/@stage = 'closure'"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow"><a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:with-param>
      <xsl:with-param name="title" select="'Closure checklist'"/>
      <xsl:with-param name="sub">
        <xsl:choose>
          <xsl:when test="$c/@open = 0">Nothing is left open: the project can close.</xsl:when>
          <xsl:when test="$c/@open = 1">1 item is still open.</xsl:when>
          <xsl:otherwise><xsl:value-of select="$c/@open"/> items are still open.</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="meta"><xsl:apply-templates select="$p" mode="stage-health"/></xsl:with-param>
      <xsl:with-param name="actions">
        <xsl:if test="$closed"><a class="btn" href="/projects/{$p/@id}/debrief">Debrief</a></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'closure'"/></xsl:call-template>

    <div class="grid-main-side">
      <xsl:if test="not($can-manage) or $closed"><xsl:attribute name="class">grid-single</xsl:attribute></xsl:if>
      <section class="card" aria-labelledby="cl-h">
        <div class="card-head"><h2 id="cl-h">What is still open</h2></div>
        <ul class="closure-list">
          <xsl:for-each select="$c/item">
            <li class="closure-item item-{@code}">
              <xsl:attribute name="class">closure-item item-<xsl:value-of select="@code"/><xsl:if test="@count &gt; 0"> is-open</xsl:if></xsl:attribute>
              <span class="closure-mark" aria-hidden="true"><xsl:choose><xsl:when test="@count &gt; 0">!</xsl:when><xsl:otherwise>✓</xsl:otherwise></xsl:choose></span>
              <span class="closure-label"><xsl:call-template name="closure-label"><xsl:with-param name="code" select="string(@code)"/></xsl:call-template></span>
              <span class="closure-count"><xsl:value-of select="@count"/></span>
              <a class="closure-link" href="/projects/{$p/@id}{substring-before(substring-after($closure-links, concat('|', @code, '=')), '|')}">
                <xsl:choose><xsl:when test="@count &gt; 0">Deal with them</xsl:when><xsl:otherwise>Look</xsl:otherwise></xsl:choose>
                <span class="sr-only"> (<xsl:call-template name="closure-label"><xsl:with-param name="code" select="string(@code)"/></xsl:call-template>)</span></a>
            </li>
          </xsl:for-each>
        </ul>
        <xsl:if test="$closed and debrief">
          <div class="card-body closure-record">
            <p>Closed <xsl:call-template name="date"><xsl:with-param name="iso" select="string(debrief/@closed-at)"/></xsl:call-template>
              <xsl:if test="debrief/@closed-by-name"> by <xsl:value-of select="debrief/@closed-by-name"/></xsl:if>.</p>
            <xsl:if test="normalize-space(debrief/@close-reason) != ''"><p>Closed with items open: <q><xsl:value-of select="debrief/@close-reason"/></q></p></xsl:if>
          </div>
        </xsl:if>
      </section>

      <xsl:if test="$can-manage and not($closed)">
        <section class="card" aria-labelledby="close-h">
          <div class="card-head"><h2 id="close-h">Move to closure</h2></div>
          <form method="post" action="/projects/{$p/@id}/stage" class="form card-body closure-form">
            <xsl:call-template name="csrf"/>
            <input type="hidden" name="stage" value="closure"/>
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'stage'"/></xsl:call-template>
            <xsl:if test="$c/@open &gt; 0 or /page/form-state[@for = 'stage']/error[@field = 'reason']">
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'stage'"/>
                <xsl:with-param name="name" select="'reason'"/>
                <xsl:with-param name="label" select="'Why close with items open?'"/>
                <xsl:with-param name="type" select="'textarea'"/>
                <xsl:with-param name="rows" select="3"/>
                <xsl:with-param name="required" select="true()"/>
                <xsl:with-param name="hint" select="'Kept with the team (never shown to the client) and in the debrief.'"/>
              </xsl:call-template>
            </xsl:if>
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
              <xsl:with-param name="hint" select="'The client always sees the stage change. The closure survey goes to the client now.'"/>
            </xsl:call-template>
            <div class="form-actions">
              <button type="submit" class="btn btn-primary">
                <xsl:choose><xsl:when test="$c/@open &gt; 0">Close anyway</xsl:when><xsl:otherwise>Close the project</xsl:otherwise></xsl:choose>
              </button>
            </div>
          </form>
        </section>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- ============================================================ the debrief -->

  <!-- a plan-versus-actual line: label, plan, actual (markup), and a verdict class -->
  <xsl:template name="debrief-figure">
    <xsl:param name="label"/>
    <xsl:param name="plan"/>
    <xsl:param name="actual"/>
    <xsl:param name="note"/>
    <tr>
      <th scope="row"><xsl:value-of select="$label"/></th>
      <td class="num"><xsl:copy-of select="$plan"/></td>
      <td class="num"><xsl:copy-of select="$actual"/><xsl:if test="string($note) != ''"><span class="row-sub"><xsl:copy-of select="$note"/></span></xsl:if></td>
    </tr>
  </xsl:template>

  <xsl:template match="page[@name='debrief']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:variable name="d" select="debrief"/>
    <xsl:variable name="b" select="budget"/>
    <xsl:variable name="closed" select="$p/@stage = 'closure'"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow"><a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:with-param>
      <xsl:with-param name="title" select="'Debrief'"/>
      <xsl:with-param name="sub">
        <xsl:choose>
          <xsl:when test="$d/@closed-at">Closed <xsl:call-template name="date"><xsl:with-param name="iso" select="string($d/@closed-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template><xsl:if test="$d/@closed-by-name"> by <xsl:value-of select="$d/@closed-by-name"/></xsl:if>.</xsl:when>
          <xsl:when test="$closed">In closure.</xsl:when>
          <xsl:otherwise>The debrief opens when the project is in closure.</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="meta"><xsl:apply-templates select="$p" mode="stage-health"/></xsl:with-param>
      <xsl:with-param name="actions">
        <a class="btn" href="/projects/{$p/@id}/closure">Closure checklist</a>
        <a class="btn" href="/lessons?client_id={$p/@client-id}">Lessons for <xsl:value-of select="$p/@client-name"/></a>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'debrief'"/></xsl:call-template>

    <xsl:if test="normalize-space($d/@close-reason) != ''">
      <section class="card closed-anyway" aria-labelledby="ca-h">
        <div class="card-head"><h2 id="ca-h">Closed with items open</h2></div>
        <div class="card-body">
          <p class="prose"><xsl:value-of select="$d/@close-reason"/></p>
          <ul class="closed-open-items">
            <xsl:if test="$d/@open-tasks &gt; 0"><li>Open tasks: <xsl:value-of select="$d/@open-tasks"/></li></xsl:if>
            <xsl:if test="$d/@open-approvals &gt; 0"><li>Pending approvals: <xsl:value-of select="$d/@open-approvals"/></li></xsl:if>
            <xsl:if test="$d/@open-changes &gt; 0"><li>Change requests not decided: <xsl:value-of select="$d/@open-changes"/></li></xsl:if>
            <xsl:if test="$d/@open-time &gt; 0"><li>Timesheet weeks not approved: <xsl:value-of select="$d/@open-time"/></li></xsl:if>
            <xsl:if test="$d/@open-risks &gt; 0"><li>Open risks: <xsl:value-of select="$d/@open-risks"/></li></xsl:if>
            <xsl:if test="$d/@open-reports &gt; 0"><li>Status reports not published: <xsl:value-of select="$d/@open-reports"/></li></xsl:if>
            <xsl:if test="$d/@open-survey &gt; 0"><li>No closure survey sent</li></xsl:if>
            <xsl:if test="$d/@open-documents &gt; 0"><li>Shared documents without an approved version: <xsl:value-of select="$d/@open-documents"/></li></xsl:if>
          </ul>
        </div>
      </section>
    </xsl:if>

    <section class="card" aria-labelledby="pva-h">
      <div class="card-head"><h2 id="pva-h">Plan against what happened</h2></div>
      <div class="table-wrap" tabindex="0" role="region" aria-label="Plan against what happened">
        <table class="table t-debrief-figures">
          <thead><tr><th scope="col"><span class="sr-only">Figure</span></th><th scope="col" class="num">Plan</th><th scope="col" class="num">Actual</th></tr></thead>
          <tbody>
            <xsl:call-template name="debrief-figure">
              <xsl:with-param name="label" select="'End date'"/>
              <xsl:with-param name="plan"><xsl:call-template name="date"><xsl:with-param name="iso" select="string(dates/@plan-end)"/></xsl:call-template></xsl:with-param>
              <xsl:with-param name="actual"><xsl:call-template name="date"><xsl:with-param name="iso" select="string(dates/@closed-on)"/></xsl:call-template></xsl:with-param>
              <xsl:with-param name="note">
                <span class="figure-note">
                  <xsl:choose>
                    <xsl:when test="not(dates/@slip)"><span class="muted">not closed yet</span></xsl:when>
                    <xsl:when test="dates/@slip &gt; 0"><xsl:value-of select="dates/@slip"/> working days late</xsl:when>
                    <xsl:when test="dates/@slip &lt; 0"><xsl:value-of select="-dates/@slip"/> working days early</xsl:when>
                    <xsl:otherwise>on time</xsl:otherwise>
                  </xsl:choose>
                  <xsl:choose>
                    <xsl:when test="dates/@baseline-due"> against the baseline</xsl:when>
                    <xsl:otherwise> against the due date (no baseline)</xsl:otherwise>
                  </xsl:choose>
                </span>
              </xsl:with-param>
            </xsl:call-template>
            <tr>
              <th scope="row">Days waiting on the client</th>
              <td class="num"><span class="muted">—</span></td>
              <td class="num"><xsl:value-of select="client-wait/@days"/><span class="figure-note"> working days lost waiting on client input</span></td>
            </tr>
            <xsl:call-template name="debrief-figure">
              <xsl:with-param name="label" select="'Hours'"/>
              <xsl:with-param name="plan"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$b/@budget-minutes"/></xsl:call-template></xsl:with-param>
              <xsl:with-param name="actual"><xsl:call-template name="hours"><xsl:with-param name="minutes" select="$b/@spent-minutes"/></xsl:call-template></xsl:with-param>
              <xsl:with-param name="note"><xsl:if test="$b/@budget-minutes &gt; 0"><span class="figure-note"><xsl:value-of select="round(100 * $b/@spent-minutes div $b/@budget-minutes)"/> % of the budget</span></xsl:if></xsl:with-param>
            </xsl:call-template>
            <xsl:call-template name="debrief-figure">
              <xsl:with-param name="label" select="'Money'"/>
              <xsl:with-param name="plan"><xsl:call-template name="money"><xsl:with-param name="amount" select="$b/@budget-amount"/><xsl:with-param name="currency" select="$b/@currency"/></xsl:call-template></xsl:with-param>
              <xsl:with-param name="actual"><xsl:call-template name="money"><xsl:with-param name="amount" select="$b/@spent-amount"/><xsl:with-param name="currency" select="$b/@currency"/></xsl:call-template></xsl:with-param>
              <xsl:with-param name="note"><xsl:if test="$b/@budget-amount &gt; 0"><span class="figure-note"><xsl:value-of select="round(100 * $b/@spent-amount div $b/@budget-amount)"/> % of the budget</span></xsl:if></xsl:with-param>
            </xsl:call-template>
          </tbody>
        </table>
      </div>
      <div class="card-body survey-score">
        <h3 class="sub-h">The client's score</h3>
        <xsl:choose>
          <xsl:when test="surveys/survey[@answers &gt; 0]">
            <ul class="score-list">
              <xsl:for-each select="surveys/survey[@answers &gt; 0]">
                <li><span class="score-big"><xsl:value-of select="@average"/></span>
                  <xsl:choose><xsl:when test="@kind = 'nps'"> NPS (0–10)</xsl:when><xsl:otherwise> CSAT (1–5)</xsl:otherwise></xsl:choose>
                  <span class="muted"> · <xsl:value-of select="@answers"/> of <xsl:value-of select="@sent"/> answered</span></li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:when test="surveys/survey">
            <p class="empty-inline">Survey sent, no answer yet.</p>
          </xsl:when>
          <xsl:otherwise><p class="empty-inline">No survey was sent.</p></xsl:otherwise>
        </xsl:choose>
      </div>
    </section>

    <div class="grid-main-side">
      <xsl:if test="not($can-manage and $closed)"><xsl:attribute name="class">grid-single</xsl:attribute></xsl:if>
      <div class="col-main">
        <section class="card" aria-labelledby="wb-h">
          <div class="card-head"><h2 id="wb-h">What went well, what did not</h2>
            <xsl:if test="$d/@written-at"><span class="card-count muted">by <xsl:value-of select="$d/@written-by-name"/>, <xsl:call-template name="date"><xsl:with-param name="iso" select="string($d/@written-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></span></xsl:if></div>
          <xsl:choose>
            <xsl:when test="$can-manage and $closed">
              <form method="post" action="/projects/{$p/@id}/debrief" class="form card-body debrief-form">
                <xsl:call-template name="csrf"/>
                <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'debrief'"/></xsl:call-template>
                <xsl:call-template name="field"><xsl:with-param name="form" select="'debrief'"/><xsl:with-param name="name" select="'went_well'"/><xsl:with-param name="label" select="'What went well'"/><xsl:with-param name="type" select="'textarea'"/><xsl:with-param name="rows" select="5"/><xsl:with-param name="value" select="string($d/@went-well)"/></xsl:call-template>
                <xsl:call-template name="field"><xsl:with-param name="form" select="'debrief'"/><xsl:with-param name="name" select="'went_badly'"/><xsl:with-param name="label" select="'What did not go well'"/><xsl:with-param name="type" select="'textarea'"/><xsl:with-param name="rows" select="5"/><xsl:with-param name="value" select="string($d/@went-badly)"/></xsl:call-template>
                <div class="form-actions"><button type="submit" class="btn btn-primary">Save the debrief</button></div>
              </form>
            </xsl:when>
            <xsl:otherwise>
              <div class="card-body">
                <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'debrief'"/></xsl:call-template>
                <h3 class="sub-h">What went well</h3>
                <xsl:choose><xsl:when test="normalize-space($d/@went-well) != ''"><p class="prose"><xsl:value-of select="$d/@went-well"/></p></xsl:when><xsl:otherwise><p class="empty-inline">Not written yet.</p></xsl:otherwise></xsl:choose>
                <h3 class="sub-h">What did not go well</h3>
                <xsl:choose><xsl:when test="normalize-space($d/@went-badly) != ''"><p class="prose"><xsl:value-of select="$d/@went-badly"/></p></xsl:when><xsl:otherwise><p class="empty-inline">Not written yet.</p></xsl:otherwise></xsl:choose>
              </div>
            </xsl:otherwise>
          </xsl:choose>
        </section>
        <section class="card" id="lessons" aria-labelledby="ls-h">
          <div class="card-head"><h2 id="ls-h">Lessons learned</h2><span class="card-count"><xsl:value-of select="count(lessons/lesson)"/></span></div>
          <div class="card-body">
            <xsl:choose>
              <xsl:when test="lessons/lesson">
                <xsl:call-template name="lesson-list"><xsl:with-param name="lessons" select="lessons/lesson"/><xsl:with-param name="show-project" select="false()"/></xsl:call-template>
              </xsl:when>
              <xsl:otherwise><p class="empty-inline">No lessons yet.</p></xsl:otherwise>
            </xsl:choose>
          </div>
          <xsl:if test="$can-manage and $closed and lessons/lesson">
            <details class="disclosure lesson-edit">
              <xsl:if test="/page/form-state[starts-with(@for, 'lesson-')]"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
              <summary class="card-head"><h3 class="sub-h">Change or remove lessons</h3></summary>
              <div class="card-body">
                <xsl:for-each select="lessons/lesson">
                  <xsl:variable name="fid" select="concat('lesson-', @id)"/>
                  <div class="lesson-form">
                    <form method="post" action="/lessons/{@id}" class="form">
                      <xsl:call-template name="csrf"/>
                      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$fid"/></xsl:call-template>
                      <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'text'"/><xsl:with-param name="label" select="'Lesson'"/><xsl:with-param name="type" select="'textarea'"/><xsl:with-param name="rows" select="2"/><xsl:with-param name="value" select="string(@text)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
                      <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'tags'"/><xsl:with-param name="label" select="'Tags'"/><xsl:with-param name="value" select="string(@tags)"/></xsl:call-template>
                      <div class="form-actions"><button type="submit" class="btn btn-sm">Save</button></div>
                    </form>
                    <form method="post" action="/lessons/{@id}/delete" class="inline-form" data-confirm="Remove this lesson? This cannot be undone.">
                      <xsl:call-template name="csrf"/>
                      <button type="submit" class="btn btn-danger btn-sm">Remove</button>
                    </form>
                  </div>
                </xsl:for-each>
              </div>
            </details>
          </xsl:if>
        </section>
      </div>
      <xsl:if test="$can-manage and $closed">
        <div class="col-side">
          <section class="card" aria-labelledby="nl-h">
            <div class="card-head"><h2 id="nl-h">Add a lesson</h2></div>
            <form method="post" action="/projects/{$p/@id}/lessons" class="form card-body lesson-new">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'lesson'"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'lesson'"/><xsl:with-param name="name" select="'text'"/><xsl:with-param name="label" select="'Lesson'"/><xsl:with-param name="type" select="'textarea'"/><xsl:with-param name="rows" select="3"/><xsl:with-param name="required" select="true()"/><xsl:with-param name="placeholder" select="'What would you do differently next time?'"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'lesson'"/><xsl:with-param name="name" select="'tags'"/><xsl:with-param name="label" select="'Tags'"/><xsl:with-param name="hint" select="'Separated by commas, e.g. estimates, design'"/></xsl:call-template>
              <div class="form-actions"><button type="submit" class="btn btn-primary">Add lesson</button></div>
            </form>
          </section>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- ============================================================ lessons across projects -->

  <xsl:template match="page[@name='lessons']" mode="main">
    <xsl:variable name="f" select="filters"/>
    <xsl:variable name="filtered" select="$f/@tag != '' or $f/@client-id != ''"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Lessons learned'"/>
      <xsl:with-param name="sub">
        <xsl:choose>
          <xsl:when test="pager/@total = 1">1 lesson</xsl:when>
          <xsl:otherwise><xsl:value-of select="pager/@total"/> lessons</xsl:otherwise>
        </xsl:choose>
        <xsl:choose><xsl:when test="$filtered"> matching the filters</xsl:when><xsl:otherwise> from the debriefs of closed projects</xsl:otherwise></xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
    <form method="get" action="/lessons" class="filter-bar" role="search" aria-label="Filter lessons">
      <div class="field field-inline">
        <label for="filter-tag">Tag</label>
        <select id="filter-tag" name="tag">
          <option value="">Any tag</option>
          <xsl:for-each select="tags/tag">
            <option value="{@tag}"><xsl:if test="@tag = $f/@tag"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="@tag"/> (<xsl:value-of select="@n"/>)</option>
          </xsl:for-each>
        </select>
      </div>
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
      <div class="filter-actions">
        <button type="submit" class="btn">Filter</button>
        <a class="btn btn-ghost" href="/lessons">Clear</a>
      </div>
    </form>
    <section class="card">
      <xsl:choose>
        <xsl:when test="lessons/lesson">
          <div class="card-body"><xsl:call-template name="lesson-list"><xsl:with-param name="lessons" select="lessons/lesson"/></xsl:call-template></div>
          <xsl:apply-templates select="pager"/>
        </xsl:when>
        <xsl:when test="$filtered">
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'No lessons match these filters'"/>
            <xsl:with-param name="text" select="'Try another tag or client, or clear the filters.'"/>
            <xsl:with-param name="action-href" select="'/lessons'"/>
            <xsl:with-param name="action-label" select="'Clear filters'"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'No lessons yet'"/>
            <xsl:with-param name="text" select="'Lessons written in the debriefs of closed projects are listed here.'"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

</xsl:stylesheet>
