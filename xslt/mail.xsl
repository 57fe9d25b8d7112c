<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail.xsl - the body of every e-mail Tandem sends: its HTML part here, its plain-text part
  through mail-text.xsl (which imports this file), both from the same small document that
  mail_doc() starts and mail_queue() renders (src/mail.c):

    <mail kind="invite">                      the outbox row's kind
      <brand name="…" accent="#…" logo="…"/>  logo: the absolute URL, only when there is one
      <invite link="…" email="…"/>            the content: one element per kind, below
      <to name="…" email="…"/>                the recipient (mail_queue sets it)
    </mail>

  Each kind has two templates side by side: match="KIND" (HTML, inside the frame) and
  match="KIND" mode="text" (the plain-text part, signed with the brand's name by the text
  frame). Kinds and what their element carries:
    invite          @link @email                  (kind "invite")
    reset           @link @email                  (kind "reset")
    approval        @link @title @due @change='1', text: the PM's message
                                                  (kinds "approval", "approval-reminder")
    survey          @link @scale='csat'|'nps' @project, <score n/> per score
    message         @link @sender @reply='1' @subject @project, text: the message's body
    status-report   @link @sender @project @period @health (its label), text: the summary
    notice          @link @kind @label @project? @unsubscribe, text: the notification's sentence
                                                  (kind "notice": one notification at once)
    automation      @subject @project? @link?, text: the body an automation's rule wrote, its
                    placeholders filled in                 (kind "automation")
    digest          @period @cadence @count @home @unsubscribe, <project name> per project
                    (name "" for what belongs to none) holding <item link day>text</item>,
                    then <stop kind label unsubscribe/> per kind in it (kind "digest")

  Unlike the pages (tandem.css, no style attributes), mail clients read only inline styles:
  the styles here are attributes, with the brand's accent put in by attribute value
  templates. Text reaches the output only through value-of and attribute values, so the
  serialiser escapes it; no output escaping is ever switched off.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <xsl:variable name="brand" select="/mail/brand/@name"/>
  <xsl:variable name="accent" select="/mail/brand/@accent"/>
  <xsl:variable name="to" select="/mail/to/@name"/>

  <!-- ============================================================ the frames -->

  <!-- HTML: the brand (its logo, else its name in its accent) over the content in a card
       bordered with the accent; under it the small print (an approval request's "cannot be
       turned off", a notification's unsubscribe links: mode "foot"), the name at the foot. -->
  <xsl:template match="/">
    <html><body style="margin:0;padding:24px 12px;background:#f4f5f7;font-family:Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1d2330">
      <div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e3e6eb;border-top:4px solid {$accent};border-radius:8px;padding:24px">
        <xsl:choose>
          <xsl:when test="/mail/brand/@logo">
            <p style="margin:0 0 16px"><img src="{/mail/brand/@logo}" alt="{$brand}" height="48"/></p>
          </xsl:when>
          <xsl:otherwise>
            <p style="margin:0 0 16px;font-size:17px;font-weight:bold;color:{$accent}"><xsl:value-of select="$brand"/></p>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:apply-templates select="mail/*"/>
      </div>
      <xsl:call-template name="approval-always"/>
      <xsl:apply-templates select="mail/*" mode="foot"/>
      <p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#6b7280"><xsl:value-of select="$brand"/></p>
    </body></html>
  </xsl:template>

  <!-- Text: the frame is in mail-text.xsl. -->

  <xsl:template match="brand|to"/>
  <xsl:template match="brand|to" mode="text"/>
  <!-- the small print under the card: only notification e-mails have one (unsubscribe) -->
  <xsl:template match="*" mode="foot"/>

  <!-- ============================================================ shared pieces -->

  <xsl:template name="hello">
    <p>Hello <xsl:value-of select="$to"/>,</p>
  </xsl:template>

  <xsl:template name="hello-text">
    <xsl:text>Hello </xsl:text>
    <xsl:value-of select="$to"/>
    <xsl:text>,&#10;&#10;</xsl:text>
  </xsl:template>

  <!-- The kind's link in the accent; label: its text. -->
  <xsl:template name="link">
    <xsl:param name="label"/>
    <a href="{@link}" style="color:{$accent}"><xsl:value-of select="$label"/></a>
  </xsl:template>

  <!-- ============================================================ invite -->

  <xsl:template match="invite">
    <xsl:call-template name="hello"/>
    <p><xsl:value-of select="$brand"/> has invited you to its client portal, where you can follow your projects, approve documents and send messages.</p>
    <p><xsl:call-template name="link"><xsl:with-param name="label">Set your password</xsl:with-param></xsl:call-template> (the link works once, for 7 days).</p>
    <p>You sign in with <xsl:value-of select="@email"/>.</p>
  </xsl:template>

  <xsl:template match="invite" mode="text">
    <xsl:call-template name="hello-text"/>
    <xsl:value-of select="$brand"/>
    <xsl:text> has invited you to its client portal, where you can follow your projects, approve documents and send messages.&#10;&#10;Set your password here (the link works once, for 7 days):&#10;</xsl:text>
    <xsl:value-of select="@link"/>
    <xsl:text>&#10;&#10;You sign in with </xsl:text>
    <xsl:value-of select="@email"/>
    <xsl:text>.&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================ reset -->

  <xsl:template match="reset">
    <xsl:call-template name="hello"/>
    <p>Someone asked to reset the password of your <xsl:value-of select="$brand"/> account (<xsl:value-of select="@email"/>).</p>
    <p><xsl:call-template name="link"><xsl:with-param name="label">Choose a new password</xsl:with-param></xsl:call-template> (the link works once, for one hour).</p>
    <p>If it was not you, ignore this e-mail: your password stays as it is.</p>
  </xsl:template>

  <xsl:template match="reset" mode="text">
    <xsl:call-template name="hello-text"/>
    <xsl:text>Someone asked to reset the password of your </xsl:text>
    <xsl:value-of select="$brand"/>
    <xsl:text> account (</xsl:text>
    <xsl:value-of select="@email"/>
    <xsl:text>).&#10;&#10;Choose a new password here (the link works once, for one hour):&#10;</xsl:text>
    <xsl:value-of select="@link"/>
    <xsl:text>&#10;&#10;If it was not you, ignore this e-mail: your password stays as it is.&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================ approval (and its reminder) -->

  <xsl:template match="approval">
    <xsl:call-template name="hello"/>
    <p><xsl:value-of select="$brand"/> asks you to review <xsl:if test="@change = '1'">the change request </xsl:if><strong><xsl:value-of select="@title"/></strong> by <xsl:value-of select="@due"/>.</p>
    <p><xsl:value-of select="."/></p>
    <p><xsl:call-template name="link"><xsl:with-param name="label">Review and decide</xsl:with-param></xsl:call-template></p>
    <p>The link is personal: please do not forward it.</p>
  </xsl:template>

  <!-- An approval request comes whatever the person's notification settings: the e-mail says
       so (and carries no unsubscribe link). Its reminder is a notification that can be
       turned off. -->
  <xsl:template name="approval-always">
    <xsl:if test="/mail/@kind = 'approval'">
      <p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#6b7280">Approval requests always come by e-mail: they cannot be turned off.</p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="approval-always-text">
    <xsl:if test="/mail/@kind = 'approval'">
      <xsl:text>&#10;Approval requests always come by e-mail: they cannot be turned off.&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template match="approval" mode="text">
    <xsl:call-template name="hello-text"/>
    <xsl:value-of select="$brand"/>
    <xsl:text> asks you to review </xsl:text>
    <xsl:if test="@change = '1'">the change request </xsl:if>
    <xsl:text>"</xsl:text>
    <xsl:value-of select="@title"/>
    <xsl:text>" by </xsl:text>
    <xsl:value-of select="@due"/>
    <xsl:text>.&#10;&#10;</xsl:text>
    <xsl:if test="string(.)">
      <xsl:value-of select="."/>
      <xsl:text>&#10;&#10;</xsl:text>
    </xsl:if>
    <xsl:text>Open it, then approve it or ask for changes:&#10;</xsl:text>
    <xsl:value-of select="@link"/>
    <xsl:text>&#10;&#10;The link is personal: please do not forward it.&#10;</xsl:text>
    <xsl:call-template name="approval-always-text"/>
  </xsl:template>

  <!-- ============================================================ survey -->

  <xsl:template name="survey-question">
    <xsl:choose>
      <xsl:when test="@scale = 'nps'">How likely are you to recommend us to a colleague (0-10)?</xsl:when>
      <xsl:otherwise>How satisfied are you with our work (1-5)?</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The words beside the lowest and the highest score, with their leading space. -->
  <xsl:template name="score-words">
    <xsl:choose>
      <xsl:when test="not(preceding-sibling::score)">
        <xsl:choose>
          <xsl:when test="../@scale = 'nps'"> (not at all likely)</xsl:when>
          <xsl:otherwise> (not at all satisfied)</xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:when test="not(following-sibling::score)">
        <xsl:choose>
          <xsl:when test="../@scale = 'nps'"> (extremely likely)</xsl:when>
          <xsl:otherwise> (very satisfied)</xsl:otherwise>
        </xsl:choose>
      </xsl:when>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="survey">
    <xsl:call-template name="hello"/>
    <p><xsl:call-template name="survey-question"/></p>
    <p>Project: <xsl:value-of select="@project"/></p>
    <p><xsl:apply-templates select="score"/></p>
    <p>One click on your score, no sign-in (you confirm it on the page), or <xsl:call-template name="link"><xsl:with-param name="label">open the survey</xsl:with-param></xsl:call-template>.</p>
  </xsl:template>

  <!-- One score: a button-like link to the form with the score chosen. -->
  <xsl:template match="score">
    <xsl:variable name="words"><xsl:call-template name="score-words"/></xsl:variable>
    <a href="{../@link}?score={@n}" title="{@n}{$words}" style="display:inline-block;min-width:2em;margin:0 4px 4px 0;padding:8px 4px;border:1px solid {$accent};border-radius:4px;color:{$accent};text-align:center;font-weight:bold;text-decoration:none"><xsl:value-of select="@n"/></a>
  </xsl:template>

  <xsl:template match="survey" mode="text">
    <xsl:call-template name="hello-text"/>
    <xsl:call-template name="survey-question"/>
    <xsl:text>&#10;Project: </xsl:text>
    <xsl:value-of select="@project"/>
    <xsl:text>&#10;&#10;One click on your score, no sign-in (you confirm it on the page):&#10;</xsl:text>
    <xsl:apply-templates select="score" mode="text"/>
    <xsl:text>&#10;Or open the survey:&#10;</xsl:text>
    <xsl:value-of select="@link"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="score" mode="text">
    <xsl:text>  </xsl:text>
    <xsl:value-of select="@n"/>
    <xsl:call-template name="score-words"/>
    <xsl:text>: </xsl:text>
    <xsl:value-of select="../@link"/>
    <xsl:text>?score=</xsl:text>
    <xsl:value-of select="@n"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================ message -->

  <xsl:template name="message-lead">
    <xsl:choose>
      <xsl:when test="@reply = '1'">replied in</xsl:when>
      <xsl:otherwise>started a conversation:</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="message">
    <p><xsl:value-of select="@sender"/><xsl:text> </xsl:text><xsl:call-template name="message-lead"/><xsl:text> </xsl:text><strong><xsl:value-of select="@subject"/></strong> (<xsl:value-of select="@project"/>)</p>
    <blockquote style="white-space:pre-wrap"><xsl:value-of select="."/></blockquote>
    <p><xsl:call-template name="link"><xsl:with-param name="label">Read and reply</xsl:with-param></xsl:call-template></p>
  </xsl:template>

  <xsl:template match="message" mode="text">
    <xsl:value-of select="@sender"/>
    <xsl:text> </xsl:text>
    <xsl:call-template name="message-lead"/>
    <xsl:text> "</xsl:text>
    <xsl:value-of select="@subject"/>
    <xsl:text>" (</xsl:text>
    <xsl:value-of select="@project"/>
    <xsl:text>)&#10;&#10;</xsl:text>
    <xsl:value-of select="."/>
    <xsl:text>&#10;&#10;Read and reply: </xsl:text>
    <xsl:value-of select="@link"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================ automation -->

  <xsl:template match="automation">
    <xsl:call-template name="hello"/>
    <p style="white-space:pre-wrap"><xsl:value-of select="."/></p>
    <xsl:if test="@link">
      <p><xsl:call-template name="link"><xsl:with-param name="label">Open <xsl:value-of select="@project"/></xsl:with-param></xsl:call-template></p>
    </xsl:if>
  </xsl:template>

  <xsl:template match="automation" mode="text">
    <xsl:call-template name="hello-text"/>
    <xsl:value-of select="."/>
    <xsl:text>&#10;</xsl:text>
    <xsl:if test="@link">
      <xsl:text>&#10;</xsl:text>
      <xsl:value-of select="@project"/>
      <xsl:text>: </xsl:text>
      <xsl:value-of select="@link"/>
      <xsl:text>&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ status report -->

  <xsl:template match="status-report">
    <xsl:call-template name="hello"/>
    <p><xsl:value-of select="@sender"/> has published the status report for <strong><xsl:value-of select="@project"/></strong> as of <xsl:value-of select="@period"/>.</p>
    <p>Health: <strong><xsl:value-of select="@health"/></strong></p>
    <blockquote style="white-space:pre-wrap"><xsl:value-of select="."/></blockquote>
    <p><xsl:call-template name="link"><xsl:with-param name="label">Read the full report</xsl:with-param></xsl:call-template></p>
  </xsl:template>

  <xsl:template match="status-report" mode="text">
    <xsl:call-template name="hello-text"/>
    <xsl:value-of select="@sender"/>
    <xsl:text> has published the status report for </xsl:text>
    <xsl:value-of select="@project"/>
    <xsl:text> as of </xsl:text>
    <xsl:value-of select="@period"/>
    <xsl:text>.&#10;&#10;Health: </xsl:text>
    <xsl:value-of select="@health"/>
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:value-of select="."/>
    <xsl:text>&#10;&#10;Read the full report: </xsl:text>
    <xsl:value-of select="@link"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- ============================================================ notifications -->

  <!-- The button to what a notification is about, in the accent. -->
  <xsl:template name="button">
    <xsl:param name="href"/>
    <xsl:param name="label"/>
    <p style="margin:20px 0"><a href="{$href}" style="display:inline-block;padding:10px 18px;border-radius:6px;background:{$accent};color:#ffffff;font-weight:bold;text-decoration:none"><xsl:value-of select="$label"/></a></p>
  </xsl:template>

  <xsl:template match="notice">
    <xsl:call-template name="hello"/>
    <p><strong><xsl:value-of select="."/></strong></p>
    <xsl:if test="string(@project)">
      <p style="color:#6b7280">Project: <xsl:value-of select="@project"/></p>
    </xsl:if>
    <xsl:call-template name="button">
      <xsl:with-param name="href" select="@link"/>
      <xsl:with-param name="label">Open in <xsl:value-of select="$brand"/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="notice" mode="foot">
    <p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#6b7280">You get this e-mail for &#8220;<xsl:value-of select="@label"/>&#8221;. <a href="{@unsubscribe}" style="color:#6b7280">Unsubscribe from these e-mails</a> (one click, no sign-in; the notifications in the app stay).</p>
  </xsl:template>

  <xsl:template match="notice" mode="text">
    <xsl:call-template name="hello-text"/>
    <xsl:value-of select="."/>
    <xsl:text>&#10;</xsl:text>
    <xsl:if test="string(@project)">
      <xsl:text>Project: </xsl:text>
      <xsl:value-of select="@project"/>
      <xsl:text>&#10;</xsl:text>
    </xsl:if>
    <xsl:text>&#10;Open it: </xsl:text>
    <xsl:value-of select="@link"/>
    <xsl:text>&#10;&#10;You get this e-mail for "</xsl:text>
    <xsl:value-of select="@label"/>
    <xsl:text>". Unsubscribe from these e-mails (one click, no sign-in):&#10;</xsl:text>
    <xsl:value-of select="@unsubscribe"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- The heading of a project's items in a digest. -->
  <xsl:template name="digest-project">
    <xsl:choose>
      <xsl:when test="string(@name)"><xsl:value-of select="@name"/></xsl:when>
      <xsl:otherwise>Other news</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="digest">
    <xsl:call-template name="hello"/>
    <p>Here is your <xsl:value-of select="@cadence"/> digest: <xsl:value-of select="@count"/> update<xsl:if test="@count != 1">s</xsl:if> since the last one.</p>
    <xsl:for-each select="project">
      <h2 style="margin:20px 0 6px;font-size:16px;color:{$accent}"><xsl:call-template name="digest-project"/></h2>
      <ul style="margin:0;padding-left:20px">
        <xsl:for-each select="item">
          <li style="margin:0 0 6px"><a href="{@link}" style="color:#1d2330"><xsl:value-of select="."/></a></li>
        </xsl:for-each>
      </ul>
    </xsl:for-each>
    <xsl:call-template name="button">
      <xsl:with-param name="href" select="@home"/>
      <xsl:with-param name="label">Open <xsl:value-of select="$brand"/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="digest" mode="foot">
    <p style="max-width:560px;margin:12px auto 0;font-size:12px;color:#6b7280">Stop e-mails about:
      <xsl:for-each select="stop">
        <xsl:if test="position() > 1"> · </xsl:if>
        <a href="{@unsubscribe}" style="color:#6b7280"><xsl:value-of select="@label"/></a>
      </xsl:for-each>
      (one click each, no sign-in). <a href="{@unsubscribe}" style="color:#6b7280">Unsubscribe from the digest</a>.</p>
  </xsl:template>

  <xsl:template match="digest" mode="text">
    <xsl:call-template name="hello-text"/>
    <xsl:text>Here is your </xsl:text>
    <xsl:value-of select="@cadence"/>
    <xsl:text> digest: </xsl:text>
    <xsl:value-of select="@count"/>
    <xsl:text> update</xsl:text>
    <xsl:if test="@count != 1">s</xsl:if>
    <xsl:text> since the last one.&#10;</xsl:text>
    <xsl:for-each select="project">
      <xsl:text>&#10;</xsl:text>
      <xsl:call-template name="digest-project"/>
      <xsl:text>&#10;</xsl:text>
      <xsl:for-each select="item">
        <xsl:text>  - </xsl:text>
        <xsl:value-of select="."/>
        <xsl:text>&#10;    </xsl:text>
        <xsl:value-of select="@link"/>
        <xsl:text>&#10;</xsl:text>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:text>&#10;Open </xsl:text>
    <xsl:value-of select="$brand"/>
    <xsl:text>: </xsl:text>
    <xsl:value-of select="@home"/>
    <xsl:text>&#10;&#10;Stop e-mails about (one click each, no sign-in):&#10;</xsl:text>
    <xsl:for-each select="stop">
      <xsl:text>  </xsl:text>
      <xsl:value-of select="@label"/>
      <xsl:text>: </xsl:text>
      <xsl:value-of select="@unsubscribe"/>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>Unsubscribe from the digest: </xsl:text>
    <xsl:value-of select="@unsubscribe"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

</xsl:stylesheet>
