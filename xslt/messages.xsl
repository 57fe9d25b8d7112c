<?xml version="1.0" encoding="UTF-8"?>
<!--
  messages.xsl - a project's messages (src/page_message.c), for staff and contacts.
    messages  @can-post <project id name client-id pm-name/><messages><message id body internal created-at
              author author-role file-name file-size/></messages>;
              form "message" (multipart POST /projects/{id}/messages: body, internal, file)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template match="page[@name='messages']" mode="main">
    <xsl:variable name="p" select="project"/>
    <xsl:variable name="staff" select="/page/session/@role != 'client'"/>
    <div class="page-head">
      <div class="page-head-text">
        <p class="eyebrow">
          <xsl:choose>
            <xsl:when test="$staff"><a href="/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:when>
            <xsl:otherwise><a href="/portal/projects/{$p/@id}"><xsl:value-of select="$p/@name"/></a></xsl:otherwise>
          </xsl:choose>
        </p>
        <h1>Messages</h1>
      </div>
    </div>
    <xsl:if test="@can-post = '1'">
      <section class="card" aria-labelledby="new-h">
        <div class="card-head"><h2 id="new-h">New message</h2></div>
        <form method="post" action="/projects/{$p/@id}/messages" enctype="multipart/form-data" class="form card-body">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'message'"/></xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'message'"/>
            <xsl:with-param name="name" select="'body'"/>
            <xsl:with-param name="label" select="'Message'"/>
            <xsl:with-param name="type" select="'textarea'"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <div class="field field-file">
            <label for="message-file">Attachment</label>
            <input type="file" id="message-file" name="file"/>
          </div>
          <xsl:if test="$staff">
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'message'"/>
              <xsl:with-param name="name" select="'internal'"/>
              <xsl:with-param name="label" select="'Internal (staff only)'"/>
              <xsl:with-param name="type" select="'checkbox'"/>
            </xsl:call-template>
          </xsl:if>
          <button type="submit" class="btn btn-primary">Send</button>
        </form>
      </section>
    </xsl:if>
    <section class="card" aria-labelledby="list-h">
      <div class="card-head"><h2 id="list-h">Conversation</h2><span class="card-count"><xsl:value-of select="count(messages/message)"/></span></div>
      <xsl:choose>
        <xsl:when test="messages/message">
          <ol class="card-body message-list">
            <xsl:for-each select="messages/message">
              <li class="message" id="m{@id}">
                <p class="row-sub"><strong><xsl:value-of select="@author"/></strong> ·
                  <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@created-at)"/></xsl:call-template>
                  <xsl:if test="@internal = '1'"> · <span class="badge neutral">Internal</span></xsl:if></p>
                <p class="prose"><xsl:value-of select="@body"/></p>
                <xsl:if test="@file-name != ''"><p><a href="/messages/{@id}/file"><xsl:value-of select="@file-name"/></a></p></xsl:if>
              </li>
            </xsl:for-each>
          </ol>
        </xsl:when>
        <xsl:otherwise><p class="card-body muted">No messages yet.</p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

</xsl:stylesheet>
