<?xml version="1.0" encoding="UTF-8"?>
<!--
  qa-common.xsl - deliverable QA and lessons as several page families show them (issue 16);
  included by documents.xsl, approval.xsl, projects.xsl and qa.xsl.

  Templates (parameters)
    qa-criteria         the acceptance criteria card of /page/criteria (id "criteria"):
                          add-action  the POST of the add form ("/milestones/3/criteria",
                                      "/documents/7/criteria"); staff see every criterion with
                                      its visibility and the forms "criterion" (add) and
                                      "criterion-{id}" (POST /criteria/{id}, /criteria/{id}/delete)
                          intro       a sentence under the heading
                        a contact sees the client-visible ones only, without forms (the XML
                        holds no other).
    qa-client-criteria  the client-visible criteria on the approval page (/page/criteria), a
                        card only when there is one.
    qa-review           the review card of a document's latest version for staff (id
                        "reviews"): /page/review (state, can-review), the form "review" (POST
                        /versions/{id}/review: decision pass|return, note, criterion ticked,
                        repeatable) and the history /page/reviews with /page/checks.
    qa-review-state     state → the badge of a version's review.
    lesson-list         lessons (node-set of lesson rows), show-project (true()): each lesson's
                        text, tags (links to /lessons?tag=) and where it comes from.
    lesson-tags         list (the row's tags "a, b") → one link per tag.
    client-lessons-box  /page/client-lessons on the new-project form: the client's newest
                        lessons in a small box.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="qa-criteria">
    <xsl:param name="add-action"/>
    <xsl:param name="intro" select="''"/>
    <xsl:variable name="list" select="/page/criteria/criterion"/>
    <section class="card criteria-card" id="criteria" aria-labelledby="crit-h">
      <div class="card-head"><h2 id="crit-h">Acceptance criteria</h2><span class="card-count"><xsl:value-of select="count($list)"/></span></div>
      <div class="card-body">
        <xsl:if test="$intro != ''"><p class="muted criteria-intro"><xsl:value-of select="$intro"/></p></xsl:if>
        <xsl:choose>
          <xsl:when test="$list">
            <ul class="criteria-list">
              <xsl:for-each select="$list">
                <li class="criterion" id="criterion-{@id}">
                  <span class="criterion-text"><xsl:value-of select="@text"/></span>
                  <xsl:if test="$is-staff">
                    <xsl:choose>
                      <xsl:when test="@client-visible = '1'"><span class="tag">client sees</span></xsl:when>
                      <xsl:otherwise><span class="tag tag-internal">internal</span></xsl:otherwise>
                    </xsl:choose>
                  </xsl:if>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:when>
          <xsl:otherwise><p class="empty-inline">No acceptance criteria yet.</p></xsl:otherwise>
        </xsl:choose>
      </div>
      <xsl:if test="$is-staff">
        <details class="disclosure criteria-edit">
          <xsl:if test="not($list) or /page/form-state[@for = 'criterion' or starts-with(@for, 'criterion-')]"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
          <summary class="card-head"><h3 class="sub-h">Add or change criteria</h3></summary>
          <div class="card-body criteria-forms">
            <xsl:for-each select="$list">
              <xsl:variable name="fid" select="concat('criterion-', @id)"/>
              <div class="criterion-form">
                <form method="post" action="/criteria/{@id}" class="form">
                  <xsl:call-template name="csrf"/>
                  <xsl:call-template name="form-errors"><xsl:with-param name="form" select="$fid"/></xsl:call-template>
                  <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'text'"/><xsl:with-param name="label" select="'Criterion'"/><xsl:with-param name="value" select="string(@text)"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
                  <xsl:call-template name="field"><xsl:with-param name="form" select="$fid"/><xsl:with-param name="name" select="'client_visible'"/><xsl:with-param name="label" select="'Shown to the client'"/><xsl:with-param name="type" select="'checkbox'"/><xsl:with-param name="value" select="string(@client-visible)"/></xsl:call-template>
                  <div class="form-actions"><button type="submit" class="btn btn-sm">Save</button></div>
                </form>
                <form method="post" action="/criteria/{@id}/delete" class="inline-form" data-confirm="Remove the criterion “{@text}”? Reviews keep what they checked.">
                  <xsl:call-template name="csrf"/>
                  <button type="submit" class="btn btn-danger btn-sm">Remove</button>
                </form>
              </div>
            </xsl:for-each>
            <form method="post" action="{$add-action}" class="form criterion-form">
              <h4 class="sub-h">New criterion</h4>
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'criterion'"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'criterion'"/><xsl:with-param name="name" select="'text'"/><xsl:with-param name="label" select="'Criterion'"/><xsl:with-param name="required" select="true()"/><xsl:with-param name="placeholder" select="'e.g. Every page passes WCAG 2.1 AA'"/></xsl:call-template>
              <xsl:call-template name="field"><xsl:with-param name="form" select="'criterion'"/><xsl:with-param name="name" select="'client_visible'"/><xsl:with-param name="label" select="'Shown to the client'"/><xsl:with-param name="type" select="'checkbox'"/><xsl:with-param name="value" select="'1'"/><xsl:with-param name="hint" select="'Agreed with the client: shown on the approval page. Unticked, it is an internal check.'"/></xsl:call-template>
              <div class="form-actions"><button type="submit" class="btn btn-primary btn-sm">Add criterion</button></div>
            </form>
          </div>
        </details>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="qa-client-criteria">
    <xsl:if test="/page/criteria/criterion">
      <section class="card criteria-card criteria-client" aria-labelledby="crit-h">
        <div class="card-head"><h2 id="crit-h">What it must meet</h2></div>
        <div class="card-body">
          <p class="muted criteria-intro">The acceptance criteria agreed with you. Our team checked this version against them before sending it.</p>
          <ul class="criteria-list criteria-checked">
            <xsl:for-each select="/page/criteria/criterion">
              <li class="criterion"><span class="criterion-text"><xsl:value-of select="@text"/></span></li>
            </xsl:for-each>
          </ul>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="qa-review-state">
    <xsl:param name="state"/>
    <xsl:choose>
      <xsl:when test="$state = 'passed'"><span class="badge review-passed">Passed review</span></xsl:when>
      <xsl:when test="$state = 'returned'"><span class="badge review-returned">Sent back</span></xsl:when>
      <xsl:when test="$state = 'in-review'"><span class="badge review-in-review">In review</span></xsl:when>
      <xsl:otherwise><span class="badge neutral">No review needed</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="qa-review">
    <xsl:variable name="rv" select="/page/review"/>
    <xsl:if test="$rv">
      <section class="card review-card" id="reviews" aria-labelledby="rev-h">
        <div class="card-head"><h2 id="rev-h">Internal review</h2>
          <xsl:call-template name="qa-review-state"><xsl:with-param name="state" select="string($rv/@state)"/></xsl:call-template></div>
        <div class="card-body">
          <p class="review-status">
            <xsl:choose>
              <xsl:when test="$rv/@state = 'none'">This document has no acceptance criteria, so its versions need no review before the client is asked. Add criteria to have each version reviewed.</xsl:when>
              <xsl:when test="$rv/@state = 'passed'">Version <xsl:value-of select="$rv/@version"/> passed every criterion: it may be sent for the client's approval.</xsl:when>
              <xsl:when test="$rv/@state = 'returned'">Version <xsl:value-of select="$rv/@version"/> was sent back: upload a new version, which starts a new review.</xsl:when>
              <xsl:otherwise>Version <xsl:value-of select="$rv/@version"/> is in review: a reviewer other than its uploader passes every criterion, or sends it back with a note, before the client is asked.</xsl:otherwise>
            </xsl:choose>
          </p>
          <xsl:if test="$rv/@state = 'returned' and normalize-space($rv/@note) != ''">
            <blockquote class="review-note"><xsl:value-of select="$rv/@note"/></blockquote>
          </xsl:if>
          <xsl:if test="$rv/@state = 'in-review' and $rv/@own = '1'">
            <p class="muted">You uploaded this version: someone else reviews it.</p>
          </xsl:if>
          <xsl:if test="$rv/@can-review != '1'">
            <!-- a refused review (its uploader, a version decided already) says why here -->
            <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'review'"/></xsl:call-template>
          </xsl:if>
          <xsl:if test="$rv/@can-review = '1'">
            <xsl:variable name="state" select="/page/form-state[@for = 'review']"/>
            <form method="post" action="/versions/{$rv/@version-id}/review" class="form review-form">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'review'"/></xsl:call-template>
              <fieldset class="field field-choices">
                <xsl:if test="$state/error[@field = 'criterion']">
                  <xsl:attribute name="class">field field-choices has-error</xsl:attribute>
                  <xsl:attribute name="aria-describedby">review-criterion-error</xsl:attribute>
                </xsl:if>
                <legend>Check version <xsl:value-of select="$rv/@version"/> against each criterion</legend>
                <xsl:for-each select="/page/criteria/criterion">
                  <label class="choice"><input type="checkbox" name="criterion" value="{@id}">
                    <xsl:if test="$state/value[@name = 'criterion'] = current()/@id"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
                  </input><xsl:text> </xsl:text><xsl:value-of select="@text"/></label>
                </xsl:for-each>
                <xsl:if test="$state/error[@field = 'criterion']"><p class="field-error" id="review-criterion-error"><xsl:value-of select="$state/error[@field = 'criterion']"/></p></xsl:if>
              </fieldset>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'review'"/>
                <xsl:with-param name="name" select="'note'"/>
                <xsl:with-param name="label" select="'Note for the uploader'"/>
                <xsl:with-param name="type" select="'textarea'"/>
                <xsl:with-param name="rows" select="3"/>
                <xsl:with-param name="hint" select="'Needed when you send the version back: what must change.'"/>
              </xsl:call-template>
              <div class="form-actions">
                <button type="submit" name="decision" value="pass" class="btn btn-primary">Pass the review</button>
                <button type="submit" name="decision" value="return" class="btn btn-danger">Send back</button>
              </div>
            </form>
          </xsl:if>
        </div>
        <xsl:if test="/page/reviews/review">
          <div class="table-wrap" tabindex="0" role="region" aria-label="Reviews">
            <table class="table t-reviews">
              <thead><tr><th scope="col">Version</th><th scope="col">Reviewer</th><th scope="col">Decision</th><th scope="col">Criteria</th></tr></thead>
              <tbody>
                <xsl:for-each select="/page/reviews/review">
                  <xsl:variable name="rid" select="@id"/>
                  <tr id="review-{@id}" class="review-row review-{@decision}">
                    <td>v<xsl:value-of select="@version"/></td>
                    <td><xsl:value-of select="@reviewer-name"/><span class="row-sub"><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@created-at)"/></xsl:call-template></span></td>
                    <td><xsl:choose>
                        <xsl:when test="@decision = 'passed'"><span class="badge review-passed">Passed</span></xsl:when>
                        <xsl:otherwise><span class="badge review-returned">Sent back</span></xsl:otherwise>
                      </xsl:choose>
                      <xsl:if test="normalize-space(@note) != ''"><span class="row-sub review-note-text">“<xsl:value-of select="@note"/>”</span></xsl:if></td>
                    <td><ul class="check-list">
                      <xsl:for-each select="/page/checks/check[@review-id = $rid]">
                        <li class="check-{@passed}"><span class="sr-only"><xsl:choose><xsl:when test="@passed = '1'">Passed: </xsl:when><xsl:otherwise>Not passed: </xsl:otherwise></xsl:choose></span><xsl:value-of select="@text"/></li>
                      </xsl:for-each>
                    </ul></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:if>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="lesson-tags">
    <xsl:param name="list"/>
    <xsl:if test="normalize-space($list) != ''">
      <xsl:variable name="first">
        <xsl:choose>
          <xsl:when test="contains($list, ', ')"><xsl:value-of select="substring-before($list, ', ')"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$list"/></xsl:otherwise>
        </xsl:choose>
      </xsl:variable>
      <a class="tag lesson-tag" href="/lessons?tag={translate($first, ' ', '+')}"><xsl:value-of select="$first"/></a>
      <xsl:call-template name="lesson-tags"><xsl:with-param name="list" select="substring-after($list, ', ')"/></xsl:call-template>
    </xsl:if>
  </xsl:template>

  <xsl:template name="lesson-list">
    <xsl:param name="lessons"/>
    <xsl:param name="show-project" select="true()"/>
    <ul class="lesson-list">
      <xsl:for-each select="$lessons">
        <li class="lesson" id="lesson-{@id}">
          <p class="lesson-text"><xsl:value-of select="@text"/></p>
          <p class="lesson-meta">
            <xsl:call-template name="lesson-tags"><xsl:with-param name="list" select="string(@tags)"/></xsl:call-template>
            <xsl:if test="$show-project">
              <span class="lesson-from"><a href="/projects/{@project-id}/debrief"><xsl:value-of select="@project-name"/></a> · <a href="/lessons?client_id={@client-id}"><xsl:value-of select="@client-name"/></a></span>
            </xsl:if>
            <span class="lesson-from muted"><xsl:value-of select="@author-name"/>, <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@created-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></span>
          </p>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- the template's use form: lessons of the projects made from it (issue 16) -->
  <xsl:template name="template-lessons-box">
    <xsl:variable name="box" select="/page/template-lessons"/>
    <xsl:if test="$box">
      <aside class="card card-narrow lessons-box" aria-labelledby="tl-h">
        <div class="card-head"><h2 id="tl-h">Lessons from projects made from this template</h2></div>
        <div class="card-body">
          <xsl:call-template name="lesson-list"><xsl:with-param name="lessons" select="$box/lesson"/></xsl:call-template>
        </div>
      </aside>
    </xsl:if>
  </xsl:template>

  <xsl:template name="client-lessons-box">
    <xsl:variable name="box" select="/page/client-lessons"/>
    <xsl:if test="$box">
      <aside class="card card-narrow lessons-box" aria-labelledby="cl-h">
        <div class="card-head"><h2 id="cl-h">Lessons from this client's projects</h2>
          <a class="card-link" href="/lessons?client_id={$box/@client-id}">All <xsl:value-of select="$box/@total"/> →</a></div>
        <div class="card-body">
          <xsl:call-template name="lesson-list"><xsl:with-param name="lessons" select="$box/lesson"/></xsl:call-template>
        </div>
      </aside>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
