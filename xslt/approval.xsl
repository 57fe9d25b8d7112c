<?xml version="1.0" encoding="UTF-8"?>
<!--
  approval.xsl - the approval page: tokenised /a/{token} (no sign-in) and the signed-in
  contact's /portal/approvals/{id} (src/page_approval.c).
    approval  <approval id state message due-date title project-id project-name contact-name
              preview="pdf|image|" (token nonce | portal="1")
              a document version: version filename content-type sha256 size
              a change request: change-id description impact-days impact-minutes impact-amount
              currency change-status/>[<decision decision comment signed-name decided-at
              version-sha256 on-behalf/>]; form "decision" POST /a/{token} (decision, comment,
              signed_name, nonce) or POST /portal/approvals/{id} (the same with csrf);
              issue 16: <criteria><criterion text/></criteria> (the client-visible ones)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>
  <xsl:include href="qa-common.xsl"/>

  <xsl:template match="page[@name='approval']" mode="main">
    <xsl:variable name="a" select="approval"/>
    <section class="approval">
      <xsl:call-template name="page-head">
        <xsl:with-param name="eyebrow"><xsl:value-of select="$brand-name"/> · <xsl:value-of select="$a/@project-name"/></xsl:with-param>
        <xsl:with-param name="title"><xsl:if test="$a/@change-id">Change request: </xsl:if><xsl:value-of select="$a/@title"/><xsl:if test="$a/@version"> <span class="muted"> · version <xsl:value-of select="$a/@version"/></span></xsl:if></xsl:with-param>
        <xsl:with-param name="sub">For <xsl:value-of select="$a/@contact-name"/> ·
            <xsl:choose>
              <xsl:when test="decision">decided <xsl:call-template name="date"><xsl:with-param name="iso" select="string(decision/@decided-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></xsl:when>
              <xsl:otherwise>please decide by <xsl:call-template name="date"><xsl:with-param name="iso" select="string($a/@due-date)"/></xsl:call-template></xsl:otherwise>
            </xsl:choose></xsl:with-param>
      </xsl:call-template>
      <xsl:if test="normalize-space($a/@message) != ''">
        <section class="card"><div class="card-body"><p class="approval-message"><xsl:value-of select="$a/@message"/></p></div></section>
      </xsl:if>
      <xsl:choose>
        <xsl:when test="$a/@change-id">
          <section class="card change-subject" aria-labelledby="change-h">
            <div class="card-head"><h2 id="change-h">What changes</h2></div>
            <div class="card-body">
              <xsl:choose>
                <xsl:when test="normalize-space($a/@description) != ''"><p class="prose"><xsl:value-of select="$a/@description"/></p></xsl:when>
                <xsl:otherwise><p class="muted">No description.</p></xsl:otherwise>
              </xsl:choose>
              <dl class="facts change-impact">
                <dt>Dates</dt>
                <dd class="impact-days"><xsl:choose>
                  <xsl:when test="$a/@impact-days &gt; 0">The due date moves <xsl:value-of select="$a/@impact-days"/> days later</xsl:when>
                  <xsl:when test="$a/@impact-days &lt; 0">The due date moves <xsl:value-of select="-$a/@impact-days"/> days earlier</xsl:when>
                  <xsl:otherwise>No change to the due date</xsl:otherwise>
                </xsl:choose><xsl:if test="$a/@shift-from">; open milestones and tasks due on or after <xsl:call-template name="date"><xsl:with-param name="iso" select="$a/@shift-from"/></xsl:call-template> move with it</xsl:if></dd>
                <dt>Hours</dt>
                <dd class="impact-hours"><xsl:call-template name="signed-hours"><xsl:with-param name="minutes" select="$a/@impact-minutes"/></xsl:call-template></dd>
                <dt>Budget</dt>
                <dd class="impact-amount"><xsl:call-template name="signed-money"><xsl:with-param name="amount" select="$a/@impact-amount"/><xsl:with-param name="currency" select="$a/@currency"/></xsl:call-template></dd>
              </dl>
            </div>
          </section>
        </xsl:when>
        <xsl:otherwise>
          <section class="card" aria-labelledby="file-h">
            <xsl:choose>
              <xsl:when test="$a/@portal = '1'">
                <!-- signed in: the file through the documents' own authorised download -->
                <div class="card-head"><h2 id="file-h"><xsl:value-of select="$a/@filename"/></h2>
                  <a class="btn btn-small" href="/files/{$a/@version-id}">Download</a></div>
                <div class="card-body">
                  <p><a href="/documents/{$a/@document-id}">Open the document</a></p>
                  <p class="row-sub">SHA-256 <code class="sha"><xsl:value-of select="$a/@sha256"/></code></p>
                </div>
              </xsl:when>
              <xsl:otherwise>
                <div class="card-head"><h2 id="file-h"><xsl:value-of select="$a/@filename"/></h2>
                  <a class="btn btn-small" href="/a/{$a/@token}/file?download=1">Download</a></div>
                <div class="card-body">
                  <xsl:choose>
                    <xsl:when test="$a/@preview = 'image'"><img class="approval-preview" src="/a/{$a/@token}/file" alt="Preview of {$a/@filename}"/></xsl:when>
                    <xsl:when test="$a/@preview = 'pdf'"><p><a href="/a/{$a/@token}/file" target="_blank" rel="noopener">Open the PDF</a></p></xsl:when>
                    <xsl:otherwise><p class="muted">No preview for this kind of file: download it to review.</p></xsl:otherwise>
                  </xsl:choose>
                  <p class="row-sub">SHA-256 <code class="sha"><xsl:value-of select="$a/@sha256"/></code></p>
                </div>
              </xsl:otherwise>
            </xsl:choose>
          </section>
        </xsl:otherwise>
      </xsl:choose>
      <!-- issue 16: the client-visible acceptance criteria of the document -->
      <xsl:call-template name="qa-client-criteria"/>
      <xsl:choose>
        <xsl:when test="decision">
          <section class="card decision-record" aria-labelledby="dec-h" id="decision">
            <div class="card-head"><h2 id="dec-h">
              <xsl:choose>
                <xsl:when test="decision/@decision = 'approve'">Approved</xsl:when>
                <xsl:otherwise>Changes requested</xsl:otherwise>
              </xsl:choose></h2></div>
            <div class="card-body">
              <p>Signed <strong><xsl:value-of select="decision/@signed-name"/></strong> on <xsl:call-template name="date"><xsl:with-param name="iso" select="string(decision/@decided-at)"/></xsl:call-template> (UTC). Thank you.</p>
              <xsl:if test="normalize-space(decision/@comment) != ''"><p><xsl:value-of select="decision/@comment"/></p></xsl:if>
              <xsl:if test="$a/@portal = '1'"><p><a href="/portal/projects/{$a/@project-id}">Back to <xsl:value-of select="$a/@project-name"/></a></p></xsl:if>
            </div>
          </section>
        </xsl:when>
        <xsl:otherwise>
          <section class="card" aria-labelledby="decide-h">
            <div class="card-head"><h2 id="decide-h">Your decision</h2></div>
            <xsl:choose>
              <xsl:when test="$a/@portal = '1'">
                <!-- signed in: approve or ask for changes in one click after signing -->
                <form method="post" action="/portal/approvals/{$a/@id}" class="form card-body portal-decision">
                  <xsl:call-template name="csrf"/>
                  <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'decision'"/></xsl:call-template>
                  <xsl:call-template name="field">
                    <xsl:with-param name="form" select="'decision'"/>
                    <xsl:with-param name="name" select="'signed_name'"/>
                    <xsl:with-param name="label" select="'Type your full name to sign'"/>
                    <xsl:with-param name="required" select="true()"/>
                    <xsl:with-param name="autocomplete" select="'name'"/>
                  </xsl:call-template>
                  <xsl:call-template name="field">
                    <xsl:with-param name="form" select="'decision'"/>
                    <xsl:with-param name="name" select="'comment'"/>
                    <xsl:with-param name="label" select="'Comment'"/>
                    <xsl:with-param name="type" select="'textarea'"/>
                    <xsl:with-param name="hint" select="'Required when you request changes.'"/>
                  </xsl:call-template>
                  <div class="form-actions">
                    <button type="submit" name="decision" value="approve" class="btn btn-primary">Approve</button>
                    <button type="submit" name="decision" value="changes" class="btn">Request changes</button>
                  </div>
                </form>
              </xsl:when>
              <xsl:otherwise>
                <form method="post" action="/a/{$a/@token}" class="form card-body">
                  <input type="hidden" name="nonce" value="{$a/@nonce}"/>
                  <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'decision'"/></xsl:call-template>
                  <xsl:call-template name="field">
                    <xsl:with-param name="form" select="'decision'"/>
                    <xsl:with-param name="name" select="'decision'"/>
                    <xsl:with-param name="label" select="'Decision'"/>
                    <xsl:with-param name="type" select="'select'"/>
                    <xsl:with-param name="empty" select="'Choose…'"/>
                    <xsl:with-param name="choices" select="concat('approve=Approve this ', substring('change', 1, 6 * boolean($a/@change-id)), substring('version', 1, 7 * not($a/@change-id)), '|changes=Request changes')"/>
                    <xsl:with-param name="required" select="true()"/>
                  </xsl:call-template>
                  <xsl:call-template name="field">
                    <xsl:with-param name="form" select="'decision'"/>
                    <xsl:with-param name="name" select="'comment'"/>
                    <xsl:with-param name="label" select="'Comment'"/>
                    <xsl:with-param name="type" select="'textarea'"/>
                    <xsl:with-param name="hint" select="'Required when you request changes.'"/>
                  </xsl:call-template>
                  <xsl:call-template name="field">
                    <xsl:with-param name="form" select="'decision'"/>
                    <xsl:with-param name="name" select="'signed_name'"/>
                    <xsl:with-param name="label" select="'Type your full name to sign'"/>
                    <xsl:with-param name="required" select="true()"/>
                    <xsl:with-param name="autocomplete" select="'name'"/>
                  </xsl:call-template>
                  <button type="submit" class="btn btn-primary">Record my decision</button>
                </form>
              </xsl:otherwise>
            </xsl:choose>
          </section>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

</xsl:stylesheet>
