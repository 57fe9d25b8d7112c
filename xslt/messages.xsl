<?xml version="1.0" encoding="UTF-8"?>
<!--
  messages.xsl - a project's message threads (src/page_message.c), for staff and contacts.
    messages  @can-post <project id name client-id pm-name/>
              <threads><thread id subject internal message-count last-message-at last-author excerpt
              last-page/></threads><pager/><limits max-upload/>;
              form "thread" (multipart POST /projects/{id}/messages: subject, body, internal, file)
    thread    @can-post <thread id subject internal project-id project-name client-id message-count
              created-at created-by/><messages><message id body created-at author author-role
              file-name file-size via-email/></messages><more-files><file message-id seq name
              size/></more-files> (a reply by e-mail's other attachments, issue 14)<pager/>
              <limits max-upload/>;
              form "reply" (multipart POST /messages/threads/{id}: body, file)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>
  <xsl:include href="plan-common.xsl"/>

  <!-- a message's other attachments (a reply by e-mail), found without a per-row search -->
  <xsl:key name="more-files" match="/page/more-files/file" use="@message-id"/>

  <!-- the optional attachment input of form $form, with its error -->
  <xsl:template name="attachment-field">
    <xsl:param name="form"/>
    <xsl:variable name="error" select="/page/form-state[@for = $form]/error[@field = 'file'][1]"/>
    <div class="field field-file">
      <label for="{$form}-file">Attachment</label>
      <input type="file" id="{$form}-file" name="file" aria-describedby="{$form}-file-hint">
        <xsl:if test="$error"><xsl:attribute name="aria-invalid">true</xsl:attribute><xsl:attribute name="aria-describedby"><xsl:value-of select="concat($form, '-file-hint ', $form, '-file-err')"/></xsl:attribute></xsl:if>
      </input>
      <p class="hint" id="{$form}-file-hint">Optional: one file, up to <xsl:call-template name="file-size"><xsl:with-param name="bytes" select="/page/limits/@max-upload"/></xsl:call-template>.</p>
      <xsl:if test="$error"><p class="field-error" id="{$form}-file-err"><xsl:value-of select="$error"/></p></xsl:if>
    </div>
  </xsl:template>

  <!-- ============================================================ the threads of a project -->

  <xsl:template match="page[@name='messages']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow">
        <xsl:choose>
          <xsl:when test="$is-staff"><a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:when>
          <xsl:otherwise><a href="/portal/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="title" select="'Messages'"/>
      <xsl:with-param name="sub">
        <xsl:choose>
          <xsl:when test="$is-staff">Conversations with the client and notes for the team.</xsl:when>
          <xsl:otherwise>Your conversations with the project team<xsl:if test="normalize-space($p/@pm-name) != ''"> (project manager: <xsl:value-of select="$p/@pm-name"/>)</xsl:if>.</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
    <xsl:if test="$is-staff">
      <xsl:call-template name="plan-tabs"><xsl:with-param name="project" select="$p"/><xsl:with-param name="current" select="'messages'"/></xsl:call-template>
    </xsl:if>
    <div class="grid-main-side">
      <section class="card" aria-labelledby="threads-h">
        <div class="card-head"><h2 id="threads-h">Conversations</h2><span class="card-count"><xsl:value-of select="pager/@total"/></span></div>
        <xsl:choose>
          <xsl:when test="threads/thread">
            <ol class="thread-list">
              <xsl:for-each select="threads/thread">
                <li class="thread-item">
                  <div class="thread-main">
                    <a class="row-title thread-subject">
                      <xsl:attribute name="href">
                        <xsl:value-of select="concat('/messages/threads/', @id)"/>
                        <xsl:if test="@last-page &gt; 1"><xsl:value-of select="concat('?page=', @last-page)"/></xsl:if>
                      </xsl:attribute>
                      <xsl:value-of select="@subject"/>
                    </a>
                    <xsl:if test="$is-staff"><xsl:text> </xsl:text><xsl:call-template name="shared-badge"><xsl:with-param name="shared" select="not(@internal = '1')"/></xsl:call-template></xsl:if>
                    <p class="thread-excerpt"><xsl:value-of select="@excerpt"/></p>
                  </div>
                  <div class="thread-meta">
                    <span class="thread-count">
                      <xsl:value-of select="@message-count"/>
                      <xsl:choose><xsl:when test="@message-count = 1"> message</xsl:when><xsl:otherwise> messages</xsl:otherwise></xsl:choose>
                    </span>
                    <span class="row-sub">
                      <xsl:if test="normalize-space(@last-author) != ''"><xsl:value-of select="@last-author"/> · </xsl:if>
                      <time datetime="{@last-message-at}"><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@last-message-at)"/></xsl:call-template></time>
                    </span>
                  </div>
                </li>
              </xsl:for-each>
            </ol>
            <xsl:apply-templates select="pager"/>
          </xsl:when>
          <xsl:otherwise><p class="card-body muted">No conversations yet.</p></xsl:otherwise>
        </xsl:choose>
      </section>
      <xsl:choose>
        <xsl:when test="@can-post = '1'">
          <section class="card" aria-labelledby="new-h">
            <div class="card-head"><h2 id="new-h">Start a conversation</h2></div>
            <form method="post" action="/projects/{$p/@id}/messages" enctype="multipart/form-data" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'thread'"/></xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'thread'"/>
                <xsl:with-param name="name" select="'subject'"/>
                <xsl:with-param name="label" select="'Subject'"/>
                <xsl:with-param name="required" select="true()"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'thread'"/>
                <xsl:with-param name="name" select="'body'"/>
                <xsl:with-param name="label" select="'Message'"/>
                <xsl:with-param name="type" select="'textarea'"/>
                <xsl:with-param name="rows" select="'6'"/>
                <xsl:with-param name="required" select="true()"/>
              </xsl:call-template>
              <xsl:call-template name="attachment-field"><xsl:with-param name="form" select="'thread'"/></xsl:call-template>
              <xsl:choose>
                <xsl:when test="$is-staff">
                  <xsl:call-template name="field">
                    <xsl:with-param name="form" select="'thread'"/>
                    <xsl:with-param name="name" select="'internal'"/>
                    <xsl:with-param name="label" select="'Internal (staff only)'"/>
                    <xsl:with-param name="type" select="'checkbox'"/>
                    <xsl:with-param name="hint" select="'An internal conversation is never shown or e-mailed to the client. Otherwise the client’s contacts are e-mailed.'"/>
                  </xsl:call-template>
                </xsl:when>
                <xsl:otherwise>
                  <p class="hint">The project team is e-mailed; your colleagues can read it too.</p>
                </xsl:otherwise>
              </xsl:choose>
              <button type="submit" class="btn btn-primary">Start conversation</button>
            </form>
          </section>
        </xsl:when>
        <xsl:otherwise>
          <section class="card" aria-labelledby="ro-h">
            <div class="card-head"><h2 id="ro-h">Read only</h2></div>
            <p class="card-body muted">Your access lets you read these conversations. Ask your project manager for comment access to write.</p>
          </section>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <!-- ============================================================ one thread -->

  <xsl:template match="page[@name='thread']" mode="main">
    <xsl:variable name="t" select="thread"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="eyebrow">
        <xsl:choose>
          <xsl:when test="$is-staff"><a href="/projects/{$t/@project-id}"><xsl:value-of select="$t/@project-name"/></a></xsl:when>
          <xsl:otherwise><a href="/portal/projects/{$t/@project-id}"><xsl:value-of select="$t/@project-name"/></a></xsl:otherwise>
        </xsl:choose>
        <xsl:text> · </xsl:text>
        <a href="/projects/{$t/@project-id}/messages">Messages</a>
      </xsl:with-param>
      <xsl:with-param name="title" select="string($t/@subject)"/>
      <xsl:with-param name="meta">
        <xsl:if test="$is-staff"><span class="meta-item"><xsl:call-template name="shared-badge"><xsl:with-param name="shared" select="not($t/@internal = '1')"/></xsl:call-template></span></xsl:if>
        <span class="meta-item">
          <xsl:text>Started</xsl:text>
          <xsl:if test="normalize-space($t/@created-by) != ''"> by <xsl:value-of select="$t/@created-by"/></xsl:if>
          <xsl:text> on </xsl:text>
          <xsl:call-template name="date"><xsl:with-param name="iso" select="string($t/@created-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template>
        </span>
        <span class="meta-item"><xsl:value-of select="$t/@message-count"/><xsl:choose><xsl:when test="$t/@message-count = 1"> message</xsl:when><xsl:otherwise> messages</xsl:otherwise></xsl:choose></span>
      </xsl:with-param>
    </xsl:call-template>
    <div class="grid-single thread-page">
      <section class="card" aria-labelledby="msgs-h">
        <div class="card-head"><h2 id="msgs-h">Messages</h2>
          <xsl:if test="pager/@pages &gt; 1"><span class="card-aside">Page <xsl:value-of select="pager/@page"/> of <xsl:value-of select="pager/@pages"/></span></xsl:if>
        </div>
        <xsl:choose>
          <xsl:when test="messages/message">
            <ol class="message-list">
              <xsl:for-each select="messages/message">
                <li id="m{@id}">
                  <xsl:attribute name="class">
                    <xsl:choose>
                      <xsl:when test="@author-role = 'client'">message from-client</xsl:when>
                      <xsl:otherwise>message from-team</xsl:otherwise>
                    </xsl:choose>
                  </xsl:attribute>
                  <p class="message-head">
                    <strong class="message-author">
                      <xsl:value-of select="@author"/>
                      <xsl:if test="not(normalize-space(@author) != '')">Former user</xsl:if>
                    </strong>
                    <span class="message-side">
                      <xsl:choose>
                        <xsl:when test="@author-role = 'client'">Client</xsl:when>
                        <xsl:otherwise>Team</xsl:otherwise>
                      </xsl:choose>
                    </span>
                    <time class="message-time" datetime="{@created-at}"><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@created-at)"/></xsl:call-template></time>
                    <xsl:if test="@via-email = '1'"><span class="message-via" title="This message came in as a reply to an e-mail">by e-mail</span></xsl:if>
                  </p>
                  <p class="prose message-body"><xsl:value-of select="@body"/></p>
                  <xsl:if test="@file-name != ''">
                    <p class="message-file"><a href="/messages/{@id}/file"><xsl:value-of select="@file-name"/></a>
                      <xsl:text> </xsl:text><span class="muted">(<xsl:call-template name="file-size"><xsl:with-param name="bytes" select="@file-size"/></xsl:call-template>)</span></p>
                  </xsl:if>
                  <xsl:for-each select="key('more-files', @id)">
                    <p class="message-file"><a href="/messages/{@message-id}/files/{@seq}"><xsl:value-of select="@name"/></a>
                      <xsl:text> </xsl:text><span class="muted">(<xsl:call-template name="file-size"><xsl:with-param name="bytes" select="@size"/></xsl:call-template>)</span></p>
                  </xsl:for-each>
                </li>
              </xsl:for-each>
            </ol>
          </xsl:when>
          <xsl:otherwise><p class="card-body muted">No messages on this page.</p></xsl:otherwise>
        </xsl:choose>
        <xsl:apply-templates select="pager"/>
      </section>
      <xsl:choose>
        <xsl:when test="@can-post = '1'">
          <section class="card" aria-labelledby="reply-h">
            <div class="card-head"><h2 id="reply-h">Reply</h2>
              <span class="card-aside">
                <xsl:choose>
                  <xsl:when test="$t/@internal = '1'">Internal: only the team sees this.</xsl:when>
                  <xsl:when test="$is-staff">The client’s contacts are e-mailed.</xsl:when>
                  <xsl:otherwise>The project team is e-mailed.</xsl:otherwise>
                </xsl:choose>
              </span>
            </div>
            <form method="post" action="/messages/threads/{$t/@id}" enctype="multipart/form-data" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'reply'"/></xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'reply'"/>
                <xsl:with-param name="name" select="'body'"/>
                <xsl:with-param name="label" select="'Message'"/>
                <xsl:with-param name="type" select="'textarea'"/>
                <xsl:with-param name="rows" select="'5'"/>
                <xsl:with-param name="required" select="true()"/>
              </xsl:call-template>
              <xsl:call-template name="attachment-field"><xsl:with-param name="form" select="'reply'"/></xsl:call-template>
              <button type="submit" class="btn btn-primary">Send reply</button>
            </form>
          </section>
        </xsl:when>
        <xsl:otherwise>
          <p class="hint">Your access lets you read this conversation. Ask your project manager for comment access to reply.</p>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

</xsl:stylesheet>
