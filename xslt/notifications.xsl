<?xml version="1.0" encoding="UTF-8"?>
<!--
  notifications.xsl - the notifications pages (src/page/page_notify.c), for staff and the
  client's contacts alike (the frame gives each their own header and bell).
    notifications   <notifications path settings older-than? next-before?><notification id kind
                    link text at unread? project-name?/>…</notifications>: newest first, 25 a page;
                    each opens through GET /notifications/{id} (marks it read); POST
                    /notifications/{id}/read (before: the page to come back to) and
                    /notifications/read-all. The unread count is /page/session/@unread.
    notify-prefs    <prefs audience="staff|contact" action list mode? cadence? time-zone?
                    agency-zone><kind code label email? fixed?/>…</prefs><zones><zone code/>…</zones>
                    and form "prefs" (POST action: one select per kind named by its code,
                    now|digest|off; contacts: mode now|digest; time_zone, "" for the agency's)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <!-- ============================================================ the list -->

  <xsl:template match="page[@name='notifications']" mode="main">
    <xsl:variable name="l" select="notifications"/>
    <xsl:variable name="unread" select="number($session/@unread)"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Notifications'"/>
      <xsl:with-param name="sub">
        <xsl:choose>
          <xsl:when test="$unread = 1">1 unread. Newest first; opening one marks it read.</xsl:when>
          <xsl:when test="$unread &gt; 1"><xsl:value-of select="format-number($unread, '#,##0')"/> unread. Newest first; opening one marks it read.</xsl:when>
          <xsl:otherwise>What you were told of, newest first.</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="actions">
        <xsl:if test="$unread &gt; 0 or $l/notification/@unread">
          <form method="post" action="/notifications/read-all" class="inline-form">
            <xsl:call-template name="csrf"/>
            <button type="submit" class="btn btn-sm">Mark all read</button>
          </form>
        </xsl:if>
        <a class="btn btn-sm btn-ghost" href="{$l/@settings}">Preferences</a>
      </xsl:with-param>
    </xsl:call-template>

    <section class="card" aria-labelledby="notif-h">
      <h2 id="notif-h" class="sr-only">
        <xsl:choose>
          <xsl:when test="$l/@older-than">Older notifications</xsl:when>
          <xsl:otherwise>Latest notifications</xsl:otherwise>
        </xsl:choose>
      </h2>
      <xsl:choose>
        <xsl:when test="not($l/notification) and $l/@older-than">
          <div class="card-body"><p class="empty-inline">No older notifications.</p></div>
        </xsl:when>
        <xsl:when test="not($l/notification)">
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'Nothing yet'"/>
            <xsl:with-param name="text" select="'When something needs you or concerns you, it shows up here.'"/>
          </xsl:call-template>
        </xsl:when>
        <xsl:otherwise>
          <ol class="notif-list">
            <xsl:for-each select="$l/notification">
              <li class="notif">
                <xsl:if test="@unread"><xsl:attribute name="class">notif is-unread</xsl:attribute></xsl:if>
                <p class="notif-text">
                  <a href="/notifications/{@id}">
                    <xsl:value-of select="@text"/>
                    <xsl:if test="@unread"><span class="sr-only"> (unread)</span></xsl:if>
                  </a>
                </p>
                <p class="notif-meta">
                  <xsl:if test="@project-name"><span class="notif-project"><xsl:value-of select="@project-name"/></span> · </xsl:if>
                  <time datetime="{@at}"><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@at)"/></xsl:call-template></time>
                </p>
                <xsl:if test="@unread">
                  <form method="post" action="/notifications/{@id}/read" class="notif-read">
                    <xsl:call-template name="csrf"/>
                    <xsl:if test="$l/@older-than"><input type="hidden" name="before" value="{$l/@older-than}"/></xsl:if>
                    <button type="submit" class="link-button">Mark read<span class="sr-only">: <xsl:value-of select="@text"/></span></button>
                  </form>
                </xsl:if>
              </li>
            </xsl:for-each>
          </ol>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$l/@older-than or $l/@next-before">
        <nav class="pager" aria-label="Pagination">
          <xsl:choose>
            <xsl:when test="$l/@older-than"><a class="btn btn-sm pager-prev" href="{$l/@path}">« Newest</a></xsl:when>
            <xsl:otherwise><span class="btn btn-sm pager-prev is-disabled" aria-disabled="true">« Newest</span></xsl:otherwise>
          </xsl:choose>
          <span class="pager-status"><xsl:value-of select="count($l/notification)"/> shown</span>
          <xsl:choose>
            <xsl:when test="$l/@next-before"><a class="btn btn-sm pager-next" rel="next" href="{$l/@path}?before={$l/@next-before}">Older ›</a></xsl:when>
            <xsl:otherwise><span class="btn btn-sm pager-next is-disabled" aria-disabled="true">Older ›</span></xsl:otherwise>
          </xsl:choose>
        </nav>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- ============================================================ preferences -->

  <xsl:template match="page[@name='notify-prefs']" mode="main">
    <xsl:variable name="p" select="prefs"/>
    <xsl:variable name="state" select="/page/form-state[@for = 'prefs']"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Notification preferences'"/>
      <xsl:with-param name="crumb"><a href="{$p/@list}">Notifications</a></xsl:with-param>
      <xsl:with-param name="sub" select="'What you are e-mailed about, and when. Everything is on your notifications page either way.'"/>
    </xsl:call-template>

    <form method="post" action="{$p/@action}" class="stack card-narrow">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'prefs'"/></xsl:call-template>

      <section class="card" aria-labelledby="prefs-mail-h">
        <div class="card-head"><h2 id="prefs-mail-h">E-mail</h2></div>
        <div class="card-body form">
          <xsl:if test="$p/@audience = 'contact'">
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'prefs'"/>
              <xsl:with-param name="name" select="'mode'"/>
              <xsl:with-param name="label" select="'Your e-mails'"/>
              <xsl:with-param name="type" select="'select'"/>
              <xsl:with-param name="value" select="string($p/@mode)"/>
              <xsl:with-param name="choices">now=Every message at once|digest=<xsl:value-of select="substring-before(substring-after(concat('|daily=A daily digest|weekly=A weekly digest|biweekly=A fortnightly digest|monthly=A monthly digest|', $p/@cadence, '=A digest|'), concat('|', $p/@cadence, '=')), '|')"/></xsl:with-param>
              <xsl:with-param name="hint" select="'The digest follows your client’s reporting cadence. This applies to each kind below that you have not set yourself.'"/>
            </xsl:call-template>
          </xsl:if>
          <xsl:for-each select="$p/kind">
            <xsl:choose>
              <xsl:when test="@fixed">
                <div class="field field-fixed">
                  <xsl:if test="$state/error[@field = current()/@code]"><xsl:attribute name="class">field field-fixed has-error</xsl:attribute></xsl:if>
                  <p class="field-label"><xsl:value-of select="@label"/></p>
                  <p class="hint">Always e-mailed at once; cannot be turned off.</p>
                  <xsl:for-each select="$state/error[@field = current()/@code]">
                    <p class="field-error"><xsl:value-of select="."/></p>
                  </xsl:for-each>
                </div>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="field">
                  <xsl:with-param name="form" select="'prefs'"/>
                  <xsl:with-param name="name" select="string(@code)"/>
                  <xsl:with-param name="label" select="string(@label)"/>
                  <xsl:with-param name="type" select="'select'"/>
                  <xsl:with-param name="value" select="string(@email)"/>
                  <xsl:with-param name="choices" select="'now=E-mail at once|digest=In the digest|off=No e-mail'"/>
                </xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </div>
      </section>

      <section class="card" aria-labelledby="prefs-zone-h">
        <div class="card-head"><h2 id="prefs-zone-h">Time zone</h2></div>
        <div class="card-body form">
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'prefs'"/>
            <xsl:with-param name="name" select="'time_zone'"/>
            <xsl:with-param name="label" select="'Your time zone'"/>
            <xsl:with-param name="type" select="'select'"/>
            <xsl:with-param name="value" select="string($p/@time-zone)"/>
            <xsl:with-param name="empty" select="concat('The agency’s (', $p/@agency-zone, ')')"/>
            <xsl:with-param name="options" select="/page/zones/zone"/>
            <xsl:with-param name="hint" select="'Digests arrive in your morning.'"/>
          </xsl:call-template>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary">Save preferences</button>
            <a class="btn btn-ghost" href="{$p/@list}">Back to notifications</a>
          </div>
        </div>
      </section>
    </form>
  </xsl:template>

</xsl:stylesheet>
