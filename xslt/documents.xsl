<?xml version="1.0" encoding="UTF-8"?>
<!--
  documents.xsl - documents and versions (src/page_document.c).
    documents  <project/><documents><document id title client-visible updated-at version-id version
               filename size locked/></documents><pager/><limits max-upload/>; staff: every document
               and form "document" (multipart POST /projects/{id}/documents: title, file,
               client_visible, note); a contact: the shared ones, back to the portal project
               (the project element is then the portal's)
    document   <document id project-id title client-visible created-at updated-at project-name client-id/>
               <versions><version id version filename content-type size sha256 note locked created-at
               uploaded-by/></versions>[<approvals>…</approvals>];
               form "version" (multipart POST /documents/{id}/versions: file, note);
               issue 16: <criteria/> (qa-common.xsl), for staff <review/><reviews/><checks/>
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>
  <xsl:include href="plan-common.xsl"/>
  <xsl:include href="qa-common.xsl"/>

  <xsl:template match="page[@name='documents']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow">
        <xsl:choose>
          <xsl:when test="$is-staff"><a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:when>
          <xsl:otherwise><a href="/portal/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="title"><xsl:choose><xsl:when test="$is-staff">Documents</xsl:when><xsl:otherwise>Shared documents</xsl:otherwise></xsl:choose></xsl:with-param>
    </xsl:call-template>
    <xsl:if test="$is-staff">
      <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'documents'"/></xsl:call-template>
    </xsl:if>
    <div class="grid-main-side">
      <xsl:if test="not($is-staff)"><xsl:attribute name="class">grid-single</xsl:attribute></xsl:if>
      <section class="card" aria-labelledby="docs-h">
        <div class="card-head"><h2 id="docs-h">Documents</h2><span class="card-count"><xsl:value-of select="pager/@total"/></span></div>
        <xsl:choose>
          <xsl:when test="documents/document">
            <div class="table-wrap">
              <table class="table t-documents">
                <thead><tr><th scope="col">Title</th><th scope="col">Latest version</th><xsl:if test="$is-staff"><th scope="col">Visibility</th></xsl:if><th scope="col">Updated</th></tr></thead>
                <tbody>
                  <xsl:for-each select="documents/document">
                    <tr>
                      <td><a class="row-title" href="/documents/{@id}"><xsl:value-of select="@title"/></a></td>
                      <td>v<xsl:value-of select="@version"/> · <a href="/files/{@version-id}"><xsl:value-of select="@filename"/></a>
                        <span class="row-sub"><xsl:call-template name="file-size"><xsl:with-param name="bytes" select="@size"/></xsl:call-template>
                        <xsl:if test="@locked = '1'"> · approved, locked</xsl:if></span></td>
                      <xsl:if test="$is-staff"><td><xsl:call-template name="shared-badge"><xsl:with-param name="shared" select="@client-visible = '1'"/></xsl:call-template></td></xsl:if>
                      <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@updated-at)"/></xsl:call-template></td>
                    </tr>
                  </xsl:for-each>
                </tbody>
              </table>
            </div>
            <xsl:apply-templates select="pager"/>
          </xsl:when>
          <xsl:otherwise><p class="card-body muted">No documents yet.</p></xsl:otherwise>
        </xsl:choose>
      </section>
      <xsl:if test="$is-staff">
      <section class="card" aria-labelledby="up-h">
        <div class="card-head"><h2 id="up-h">Upload a document</h2></div>
        <form method="post" action="/projects/{$p/@id}/documents" enctype="multipart/form-data" class="form card-body">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'document'"/></xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'document'"/>
            <xsl:with-param name="name" select="'title'"/>
            <xsl:with-param name="label" select="'Title'"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="file-field">
            <xsl:with-param name="form" select="'document'"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'document'"/>
            <xsl:with-param name="name" select="'client_visible'"/>
            <xsl:with-param name="label" select="'Shared with the client'"/>
            <xsl:with-param name="type" select="'checkbox'"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'document'"/>
            <xsl:with-param name="name" select="'note'"/>
            <xsl:with-param name="label" select="'Note'"/>
            <xsl:with-param name="type" select="'textarea'"/>
          </xsl:call-template>
          <div class="form-actions"><button type="submit" class="btn btn-primary">Upload</button></div>
        </form>
      </section>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template name="file-field">
    <xsl:param name="form"/>
    <xsl:variable name="error" select="/page/form-state[@for = $form]/error[@field = 'file'][1]"/>
    <div class="field field-file">
      <label for="{$form}-file">File <span class="req" aria-hidden="true">*</span></label>
      <input type="file" id="{$form}-file" name="file" required="required">
        <xsl:if test="$error"><xsl:attribute name="aria-invalid">true</xsl:attribute><xsl:attribute name="aria-describedby"><xsl:value-of select="concat($form, '-file-err')"/></xsl:attribute></xsl:if>
      </input>
      <xsl:if test="$error"><p class="field-error" id="{$form}-file-err"><xsl:value-of select="$error"/></p></xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="page[@name='document']" mode="main">
    <xsl:variable name="d" select="document"/>
    <xsl:variable name="staff" select="/page/session/@role != 'client'"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow">
        <xsl:choose>
          <xsl:when test="$staff"><a href="/projects/{$d/@project-id}/documents"><xsl:value-of select="$d/@project-name"/> · Documents</a></xsl:when>
          <xsl:otherwise><a href="/portal/projects/{$d/@project-id}"><xsl:value-of select="$d/@project-name"/></a></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="title" select="string($d/@title)"/>
      <xsl:with-param name="sub"><xsl:call-template name="shared-badge"><xsl:with-param name="shared" select="$d/@client-visible = '1'"/></xsl:call-template></xsl:with-param>
    </xsl:call-template>
    <section class="card" aria-labelledby="hist-h">
      <div class="card-head"><h2 id="hist-h">Versions</h2></div>
      <div class="table-wrap">
        <table class="table t-versions">
          <thead><tr><th scope="col">Version</th><th scope="col">File</th><th scope="col">Note</th><th scope="col">Uploaded</th><th scope="col">SHA-256</th></tr></thead>
          <tbody>
            <xsl:for-each select="versions/version">
              <tr id="v{@version}">
                <td>v<xsl:value-of select="@version"/><xsl:if test="@locked = '1'"> <span class="badge status-on">Approved · locked</span></xsl:if></td>
                <td><a href="/files/{@id}"><xsl:value-of select="@filename"/></a>
                  <span class="row-sub"><xsl:call-template name="file-size"><xsl:with-param name="bytes" select="@size"/></xsl:call-template></span></td>
                <td><xsl:value-of select="@note"/></td>
                <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@created-at)"/></xsl:call-template>
                  <span class="row-sub"><xsl:value-of select="@uploaded-by"/></span></td>
                <td><code class="sha"><xsl:value-of select="substring(@sha256, 1, 12)"/>…</code></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </section>
    <!-- issue 16: acceptance criteria (a contact: the client-visible ones) and the review -->
    <xsl:if test="$staff or criteria/criterion">
      <xsl:call-template name="qa-criteria">
        <xsl:with-param name="add-action" select="concat('/documents/', $d/@id, '/criteria')"/>
        <xsl:with-param name="intro" select="substring('What this document must meet. With criteria, each version is reviewed by someone other than its uploader before the client is asked to approve it.', 1, 200 * $staff)"/>
      </xsl:call-template>
    </xsl:if>
    <xsl:call-template name="qa-review"/>
    <xsl:apply-templates select="approvals" mode="document"/>
    <xsl:if test="$staff">
      <section class="card" aria-labelledby="nv-h">
        <div class="card-head"><h2 id="nv-h">Upload a new version</h2></div>
        <form method="post" action="/documents/{$d/@id}/versions" enctype="multipart/form-data" class="form card-body">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'version'"/></xsl:call-template>
          <xsl:call-template name="file-field"><xsl:with-param name="form" select="'version'"/></xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'version'"/>
            <xsl:with-param name="name" select="'note'"/>
            <xsl:with-param name="label" select="'What changed'"/>
            <xsl:with-param name="type" select="'textarea'"/>
          </xsl:call-template>
          <div class="form-actions"><button type="submit" class="btn btn-primary">Upload version</button></div>
        </form>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- staff: approval requests on this document, each with its audit record -->
  <xsl:template match="approvals" mode="document">
    <xsl:variable name="d" select="/page/document"/>
    <section class="card" aria-labelledby="appr-h">
      <div class="card-head"><h2 id="appr-h">Approvals</h2><span class="card-count"><xsl:value-of select="count(approval)"/></span></div>
      <xsl:if test="approval">
        <div class="table-wrap">
          <table class="table t-approvals">
            <thead><tr><th scope="col">Version</th><th scope="col">Contact</th><th scope="col">Due</th><th scope="col">State</th><th scope="col">Audit record</th></tr></thead>
            <tbody>
              <xsl:for-each select="approval">
                <tr id="approval-{@id}" class="approval-row state-{@state}">
                  <td>v<xsl:value-of select="@version"/></td>
                  <td><xsl:value-of select="@contact-name"/></td>
                  <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@due-date)"/></xsl:call-template>
                    <xsl:if test="@overdue = '1'"> <span class="tag tag-red">Overdue</span></xsl:if></td>
                  <td><span class="badge approval-{@state}">
                    <xsl:choose>
                      <xsl:when test="@state = 'approved'">Approved</xsl:when>
                      <xsl:when test="@state = 'changes'">Changes requested</xsl:when>
                      <xsl:otherwise>Waiting</xsl:otherwise>
                    </xsl:choose></span></td>
                  <td class="audit">
                    <xsl:choose>
                      <xsl:when test="@decided-at != ''">
                        Signed “<xsl:value-of select="@signed-name"/>” on <time datetime="{concat(substring(@decided-at, 1, 19), 'Z')}"><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@decided-at)"/></xsl:call-template><xsl:value-of select="substring(@decided-at, 17, 3)"/></time> UTC
                        from <xsl:value-of select="@ip"/>
                        <span class="row-sub"><xsl:value-of select="@user-agent"/></span>
                        <span class="row-sub">Version SHA-256 <code class="sha"><xsl:value-of select="@version-sha256"/></code></span>
                        <xsl:if test="@on-behalf = '1'"><span class="row-sub">Recorded on the client's behalf by <xsl:value-of select="@recorded-by"/></span></xsl:if>
                        <xsl:if test="normalize-space(@comment) != ''"><span class="row-sub">“<xsl:value-of select="@comment"/>”</span></xsl:if>
                      </xsl:when>
                      <xsl:when test="$can-manage">
                        <details><summary>Record on the client's behalf</summary>
                          <form method="post" action="/approvals/{@id}/record" class="form">
                            <xsl:call-template name="csrf"/>
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
      <xsl:if test="$can-manage">
        <xsl:variable name="latest" select="/page/versions/version[1]"/>
        <div class="card-body ask-approval-doc">
          <h3>Ask for approval of the latest version</h3>
          <xsl:choose>
            <xsl:when test="$latest/@locked = '1'">
              <p class="muted">Version <xsl:value-of select="$latest/@version"/> is approved and locked. Upload a new version to ask for approval again.</p>
            </xsl:when>
            <xsl:when test="(/page/review/@state = 'in-review' or /page/review/@state = 'returned') and not(/page/form-state[@for = 'approval'])">
              <p class="muted ask-after-review">Version <xsl:value-of select="$latest/@version"/> has not passed its <a href="#reviews">internal review</a>: it can be sent for approval once it has.</p>
            </xsl:when>
            <xsl:otherwise>
              <form method="post" action="/documents/{$d/@id}/approvals" class="form">
                <xsl:call-template name="csrf"/>
                <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'approval'"/></xsl:call-template>
                <xsl:call-template name="approver-checkboxes"><xsl:with-param name="form" select="'approval'"/></xsl:call-template>
                <xsl:call-template name="field">
                  <xsl:with-param name="form" select="'approval'"/>
                  <xsl:with-param name="name" select="'due_date'"/>
                  <xsl:with-param name="label" select="'Due date'"/>
                  <xsl:with-param name="type" select="'date'"/>
                  <xsl:with-param name="required" select="true()"/>
                </xsl:call-template>
                <xsl:call-template name="field">
                  <xsl:with-param name="form" select="'approval'"/>
                  <xsl:with-param name="name" select="'message'"/>
                  <xsl:with-param name="label" select="'Message'"/>
                  <xsl:with-param name="type" select="'textarea'"/>
                  <xsl:with-param name="rows" select="3"/>
                </xsl:call-template>
                <div class="form-actions"><button type="submit" class="btn btn-primary">Send for approval</button></div>
              </form>
            </xsl:otherwise>
          </xsl:choose>
        </div>
      </xsl:if>
    </section>
  </xsl:template>

</xsl:stylesheet>
