<?xml version="1.0" encoding="UTF-8"?>
<!--
  inbox.xsl - incoming e-mail (src/page/page_inbox.c, issue 14), staff only.
    inbox       <mails><mail id from from-name? subject reason received-at files/></mails><pager/>:
                the mails no thread or project took, newest first; each opens /inbox/{id}.
    inbox-mail  <mail id state from from-name? subject reason? to? text? received-at project-id?
                project-name? client-id? thread-id? message-id? handled-by? can-handle/>
                <files><file seq name type size kept inline/></files> <projects><project id
                name/></projects> (when can-handle); forms "file" (POST /inbox/{id}/file:
                project_id) and "discard" (POST /inbox/{id}/discard: confirm). The text is shown
                as text (escaped like every value), never as HTML.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <!-- the sender: "Name <address>", or the address -->
  <xsl:template name="sender">
    <xsl:choose>
      <xsl:when test="normalize-space(@from-name) != ''"><xsl:value-of select="@from-name"/> <span class="muted"> &lt;<xsl:value-of select="@from"/>&gt;</span></xsl:when>
      <xsl:when test="normalize-space(@from) != ''"><xsl:value-of select="@from"/></xsl:when>
      <xsl:otherwise><span class="muted">no sender</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="subject">
    <xsl:choose>
      <xsl:when test="normalize-space(@subject) != ''"><xsl:value-of select="@subject"/></xsl:when>
      <xsl:otherwise>(no subject)</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ============================================================ the inbox -->

  <xsl:template match="page[@name='inbox']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Inbox'"/>
      <xsl:with-param name="sub">E-mail that came to the agency’s mailbox and found no thread or project: file it on a project, or discard it.</xsl:with-param>
    </xsl:call-template>
    <section class="card" aria-labelledby="inbox-h">
      <div class="card-head"><h2 id="inbox-h">Waiting</h2><span class="card-count"><xsl:value-of select="pager/@total"/></span></div>
      <xsl:choose>
        <xsl:when test="mails/mail">
          <div class="table-wrap">
            <table class="table t-inbox">
              <thead><tr><th scope="col">Subject</th><th scope="col">From</th><th scope="col">Why it is here</th><th scope="col">Received</th><th scope="col"><span class="sr-only">Action</span></th></tr></thead>
              <tbody>
                <xsl:for-each select="mails/mail">
                  <tr>
                    <td><a class="row-title" href="/inbox/{@id}"><xsl:call-template name="subject"/></a>
                      <xsl:if test="@files &gt; 0"><span class="row-sub"><xsl:value-of select="@files"/><xsl:choose><xsl:when test="@files = 1"> attachment</xsl:when><xsl:otherwise> attachments</xsl:otherwise></xsl:choose></span></xsl:if></td>
                    <td><xsl:call-template name="sender"/></td>
                    <td><xsl:value-of select="@reason"/></td>
                    <td><time datetime="{@received-at}"><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@received-at)"/></xsl:call-template></time></td>
                    <td><a class="btn btn-sm" href="/inbox/{@id}">File or discard<span class="sr-only">: <xsl:call-template name="subject"/></span></a></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
          <xsl:apply-templates select="pager"/>
        </xsl:when>
        <xsl:otherwise><p class="card-body muted">Nothing is waiting: every e-mail found its thread or project.</p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <!-- ============================================================ one mail -->

  <xsl:template match="page[@name='inbox-mail']" mode="main">
    <xsl:variable name="m" select="mail"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow">
        <xsl:choose>
          <xsl:when test="$m/@state = 'filed' and $m/@project-id"><a href="/projects/{$m/@project-id}"><xsl:value-of select="$m/@project-name"/></a> · E-mail</xsl:when>
          <xsl:when test="$can-manage"><a href="/inbox">Inbox</a></xsl:when>
          <xsl:otherwise>E-mail</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="title"><xsl:for-each select="$m"><xsl:call-template name="subject"/></xsl:for-each></xsl:with-param>
      <xsl:with-param name="meta">
        <span class="meta-item">
          <xsl:choose>
            <xsl:when test="$m/@state = 'inbox'"><span class="badge neutral">In the inbox</span></xsl:when>
            <xsl:when test="$m/@state = 'filed'"><span class="badge status-on">Filed by e-mail</span></xsl:when>
            <xsl:when test="$m/@state = 'posted'"><span class="badge status-on">Posted in its thread</span></xsl:when>
            <xsl:otherwise><span class="badge status-off">Discarded</span></xsl:otherwise>
          </xsl:choose>
        </span>
        <span class="meta-item">Received <xsl:call-template name="date"><xsl:with-param name="iso" select="string($m/@received-at)"/></xsl:call-template></span>
      </xsl:with-param>
    </xsl:call-template>
    <div class="grid-main-side">
      <section class="card" aria-labelledby="mail-h">
        <div class="card-head"><h2 id="mail-h">The e-mail</h2></div>
        <div class="card-body">
          <dl class="facts mail-facts">
            <dt>From</dt><dd class="inbox-from"><xsl:for-each select="$m"><xsl:call-template name="sender"/></xsl:for-each></dd>
            <xsl:if test="normalize-space($m/@to) != ''"><dt>To</dt><dd class="inbox-from"><xsl:value-of select="$m/@to"/></dd></xsl:if>
            <xsl:if test="normalize-space($m/@reason) != ''"><dt>Why</dt><dd class="mail-reason"><xsl:value-of select="$m/@reason"/></dd></xsl:if>
            <xsl:if test="$m/@state = 'filed'"><dt>Filed on</dt><dd><a href="/projects/{$m/@project-id}"><xsl:value-of select="$m/@project-name"/></a><xsl:if test="normalize-space($m/@handled-by) != ''"> by <xsl:value-of select="$m/@handled-by"/></xsl:if></dd></xsl:if>
            <xsl:if test="$m/@state = 'posted'"><dt>Posted in</dt><dd><a href="/messages/threads/{$m/@thread-id}#m{$m/@message-id}">its thread on <xsl:value-of select="$m/@project-name"/></a></dd></xsl:if>
            <xsl:if test="$m/@state = 'discarded' and normalize-space($m/@handled-by) != ''"><dt>Discarded by</dt><dd><xsl:value-of select="$m/@handled-by"/></dd></xsl:if>
          </dl>
          <xsl:choose>
            <xsl:when test="normalize-space($m/@text) != ''"><div class="prose mail-text"><xsl:value-of select="$m/@text"/></div></xsl:when>
            <xsl:otherwise><p class="empty-inline">No text.</p></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="files/file">
            <h3 class="sub-h mail-files-h">Attachments</h3>
            <ul class="mail-files">
              <xsl:for-each select="files/file">
                <li>
                  <xsl:choose>
                    <xsl:when test="@kept = '1'"><a href="/inbox/{$m/@id}/files/{@seq}"><xsl:value-of select="@name"/></a></xsl:when>
                    <xsl:otherwise><xsl:value-of select="@name"/></xsl:otherwise>
                  </xsl:choose>
                  <xsl:text> </xsl:text>
                  <span class="muted">(<xsl:call-template name="file-size"><xsl:with-param name="bytes" select="@size"/></xsl:call-template><xsl:if test="@inline = '1'">, inline image</xsl:if><xsl:if test="@kept != '1'">, over the upload limit: not kept</xsl:if>)</span>
                </li>
              </xsl:for-each>
            </ul>
          </xsl:if>
        </div>
      </section>
      <xsl:if test="$m/@can-handle = '1'">
        <div class="side-stack">
          <section class="card" aria-labelledby="file-h">
            <div class="card-head"><h2 id="file-h">File on a project</h2></div>
            <form method="post" action="/inbox/{$m/@id}/file" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'file'"/></xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'file'"/>
                <xsl:with-param name="name" select="'project_id'"/>
                <xsl:with-param name="label" select="'Project'"/>
                <xsl:with-param name="type" select="'select'"/>
                <xsl:with-param name="options" select="projects/project"/>
                <xsl:with-param name="empty" select="'Choose a project…'"/>
                <xsl:with-param name="required" select="true()"/>
                <xsl:with-param name="hint">
                  <xsl:choose>
                    <xsl:when test="$m/@from-client-id">From a client’s contact: only their client’s projects are listed.</xsl:when>
                    <xsl:otherwise>The team sees it on the project’s activity, marked “by e-mail”; the client does not.</xsl:otherwise>
                  </xsl:choose>
                </xsl:with-param>
              </xsl:call-template>
              <div class="form-actions"><button type="submit" class="btn btn-primary">File e-mail</button></div>
            </form>
          </section>
          <section class="card" aria-labelledby="discard-h">
            <div class="card-head"><h2 id="discard-h">Discard</h2></div>
            <form method="post" action="/inbox/{$m/@id}/discard" class="form card-body" data-confirm="Discard this e-mail? It leaves the inbox for good.">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'discard'"/></xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'discard'"/>
                <xsl:with-param name="name" select="'confirm'"/>
                <xsl:with-param name="label" select="'Discard this e-mail'"/>
                <xsl:with-param name="type" select="'checkbox'"/>
              </xsl:call-template>
              <div class="form-actions"><button type="submit" class="btn btn-danger btn-sm">Discard e-mail</button></div>
            </form>
          </section>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

</xsl:stylesheet>
