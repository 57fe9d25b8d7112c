<?xml version="1.0" encoding="UTF-8"?>
<!--
  frame.xsl - the frame of every page (included by layout.xsl): the HTML shell, the header
  with the navigation for the session's role, the flash message, the page head, the pager.

  Templates (parameters; a parameter not given takes the default shown)
    match="/"         <html>: <head>, site-header (not on the sign-in cards), <main> with
                      /page in mode "flash", then in mode "main".
    site-header       brand, navigation, the bell, user menu and sign-out; the running timer's band.
    bell              the link to the notifications with the unread count (session/@unread).
    inbox-link        PMs and admins: the link to /inbox with the count waiting (session/@inbox).
    settings-tabs     the admin's settings pages as one line of links (the current one
                      marked aria-current="page"); called by page-head with settings.
    brand-mark        the brand's logo (an img of /page/brand/@logo), else the two-ring mark
                      (a span drawn by CSS in the accent colour).
    page-head         the title block a page opens with; see its comment below.
    pager             pager (/page/pager) → "‹ Previous · Page 2 of 5 · 113 total · Next ›"
                      using {@base}page=N; nothing when @pages ≤ 1. Also applied by
                      <xsl:apply-templates select="pager"/>.
    empty-state       title, text (''), action-href (''), action-label ('') → a friendly
                      box for an empty list, with a primary button when action-href is given.
  Modes: match="page" mode="flash" renders /page/flash (login overrides it to put the
  message in its card); match="page" mode="main" is a fallback for unknown pages.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template match="/">
    <xsl:variable name="page" select="/page"/>
    <html lang="en">
      <xsl:if test="normalize-space($page/brand/@accent) != ''">
        <xsl:attribute name="data-accent"><xsl:value-of select="normalize-space($page/brand/@accent)"/></xsl:attribute>
      </xsl:if>
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:if test="normalize-space($page/@title) != ''">
            <xsl:value-of select="normalize-space($page/@title)"/>
            <xsl:text> · </xsl:text>
          </xsl:if>
          <xsl:value-of select="$brand-name"/>
        </title>
        <!-- the agency's icon under its brand: its logo, else a plain square in its accent -->
        <xsl:choose>
          <xsl:when test="normalize-space($page/brand/@logo) != ''"><link rel="icon" href="{$page/brand/@logo}"/></xsl:when>
          <xsl:when test="$brand-name != 'Tandem'"><link rel="icon" href="/brand/favicon.svg?v={translate($page/brand/@accent, '#', '')}" type="image/svg+xml"/></xsl:when>
          <xsl:otherwise><link rel="icon" href="/static/favicon.svg" type="image/svg+xml"/></xsl:otherwise>
        </xsl:choose>
        <link rel="stylesheet" href="/static/tandem.css"/>
        <!-- the accent as CSS, without script (CSP: style-src 'self', no inline style) -->
        <xsl:if test="normalize-space($page/brand/@accent) != ''">
          <link rel="stylesheet" href="/brand/accent.css?v={translate(normalize-space($page/brand/@accent), '#', '')}"/>
        </xsl:if>
        <script src="/static/tandem.js" defer="defer"></script>
      </head>
      <body class="page-{$page/@name}">
        <xsl:if test="not($session)">
          <xsl:attribute name="class">page-<xsl:value-of select="$page/@name"/> signed-out</xsl:attribute>
        </xsl:if>
        <a class="skip-link" href="#main">Skip to content</a>
        <!-- the sign-in and forgot-password cards carry the brand themselves -->
        <xsl:if test="$session or ($page/@name != 'login' and $page/@name != 'forgot')">
          <xsl:call-template name="site-header"/>
        </xsl:if>
        <main id="main" class="main" tabindex="-1">
          <div class="container">
            <xsl:apply-templates select="$page" mode="flash"/>
            <xsl:apply-templates select="$page" mode="main"/>
          </div>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="site-header">
    <header class="site-header">
      <div class="container header-inner">
        <a class="brand" href="{$home}">
          <xsl:if test="not($session)"><xsl:attribute name="href">/</xsl:attribute></xsl:if>
          <xsl:call-template name="brand-mark"/>
          <span class="brand-name"><xsl:value-of select="$brand-name"/></span>
        </a>
        <xsl:if test="$session">
          <nav class="site-nav" aria-label="Main">
            <ul>
              <xsl:choose>
                <xsl:when test="$role = 'client'">
                  <li><a href="/portal" class="nav-link"><xsl:attribute name="aria-current"><xsl:choose><xsl:when test="/page/@path = '/portal'">page</xsl:when><xsl:otherwise>true</xsl:otherwise></xsl:choose></xsl:attribute>Portal</a></li>
                </xsl:when>
                <xsl:when test="$is-staff">
                  <li><a href="/" class="nav-link"><xsl:if test="/page/@path = '/'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Dashboard</a></li>
                  <li><a href="/me" class="nav-link"><xsl:if test="/page/@path = '/me'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>My work</a></li>
                  <li><a href="/time" class="nav-link"><xsl:if test="starts-with(/page/@path, '/time')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Time</a></li>
                  <li><a href="/projects" class="nav-link"><xsl:if test="starts-with(/page/@path, '/projects')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Projects</a></li>
                  <li><a href="/clients" class="nav-link"><xsl:if test="starts-with(/page/@path, '/clients')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Clients</a></li>
                  <!-- a PM's way to the automations; an admin's row has no room left at 1280 px
                       (the rules' pages link each other, and every project page links its log) -->
                  <xsl:if test="$role = 'pm'">
                    <li><a href="/settings/automations" class="nav-link"><xsl:if test="starts-with(/page/@path, '/settings/automations')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Automations</a></li>
                  </xsl:if>
                  <xsl:if test="$is-admin">
                    <li><a href="/settings/users" class="nav-link"><xsl:if test="starts-with(/page/@path, '/settings/users')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Users</a></li>
                    <li><a href="/settings/webhooks" class="nav-link"><xsl:if test="starts-with(/page/@path, '/settings/') and not(starts-with(/page/@path, '/settings/users')) and not(starts-with(/page/@path, '/settings/automations'))"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Settings</a></li>
                  </xsl:if>
                </xsl:when>
              </xsl:choose>
            </ul>
          </nav>
          <div class="user-menu">
            <xsl:if test="$role = 'admin' or $role = 'pm'"><xsl:call-template name="inbox-link"/></xsl:if>
            <xsl:call-template name="bell"/>
            <span class="avatar" aria-hidden="true"><xsl:value-of select="substring(normalize-space($session/@name), 1, 1)"/></span>
            <span class="user-who">
              <span class="user-name"><xsl:value-of select="$session/@name"/></span>
              <span class="user-role">
                <xsl:choose>
                  <xsl:when test="$role = 'client' and normalize-space($session/@client-name) != ''">
                    <xsl:value-of select="$session/@client-name"/>
                  </xsl:when>
                  <xsl:otherwise>
                    <xsl:call-template name="role-label"><xsl:with-param name="role" select="$role"/></xsl:call-template>
                  </xsl:otherwise>
                </xsl:choose>
              </span>
            </span>
            <form method="post" action="/logout" class="logout-form">
              <xsl:call-template name="csrf"/>
              <button type="submit" class="link-button">Sign out</button>
            </form>
          </div>
        </xsl:if>
      </div>
    </header>
    <!-- the running timer: a band of its own under the header, so it never competes with
         the navigation for room (an admin's seven links and a long project name did not
         fit in one row at 1280 px) -->
    <xsl:if test="$session/@timer-since">
      <div class="timer-bar">
        <div class="container">
          <a class="timer-running" href="/time">
            <span class="timer-dot" aria-hidden="true">●</span>
            <xsl:text> Timer running on </xsl:text><strong><xsl:value-of select="$session/@timer-project"/></strong>
            <xsl:text> since </xsl:text><xsl:value-of select="substring($session/@timer-since, 12, 5)"/>
          </a>
        </div>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- the bell: a link to the person's notifications (the portal's for a contact) named with
       the unread count for screen readers ("Notifications, 3 unread"); the count, when there
       is one, as a badge (99+ past 99). The count is /page/session/@unread, read with the
       session: no page asks for it. -->
  <xsl:template name="bell">
    <xsl:variable name="n" select="number($session/@unread)"/>
    <xsl:variable name="href" select="concat(substring('/portal', 1, 7 * ($role = 'client')), '/notifications')"/>
    <a class="bell" href="{$href}" aria-label="Notifications">
      <xsl:if test="$n &gt; 0"><xsl:attribute name="aria-label">Notifications, <xsl:value-of select="$n"/> unread</xsl:attribute></xsl:if>
      <xsl:if test="/page/@path = $href"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
      <svg class="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M12 2.5a6 6 0 0 0-6 6v3.6l-1.7 3.4a1 1 0 0 0 .9 1.5h13.6a1 1 0 0 0 .9-1.5L18 12.1V8.5a6 6 0 0 0-6-6zm-2.6 16a2.7 2.7 0 0 0 5.2 0z"/></svg>
      <xsl:if test="$n &gt; 0">
        <span class="bell-count" aria-hidden="true">
          <xsl:choose>
            <xsl:when test="$n &gt; 99">99+</xsl:when>
            <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:if>
    </a>
  </xsl:template>

  <!-- issue 14: the inbox of incoming e-mail (PMs and admins), beside the bell: an envelope named
       with the count waiting ("Inbox, 3 waiting"; /page/session/@inbox, read with the session,
       at most 100: "99+" past 99) -->
  <xsl:template name="inbox-link">
    <xsl:variable name="n" select="number($session/@inbox)"/>
    <a class="inbox-link" href="/inbox" aria-label="Inbox">
      <xsl:if test="$n &gt; 0"><xsl:attribute name="aria-label">Inbox, <xsl:value-of select="$n"/> waiting</xsl:attribute></xsl:if>
      <xsl:if test="starts-with(/page/@path, '/inbox')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
      <svg class="bell-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M4 5h16a1.5 1.5 0 0 1 1.5 1.5v11A1.5 1.5 0 0 1 20 19H4a1.5 1.5 0 0 1-1.5-1.5v-11A1.5 1.5 0 0 1 4 5zm.4 2 7.6 5.6L19.6 7zm15.1 1.9-7 5.2a.9.9 0 0 1-1 0l-7-5.2V17h15z"/></svg>
      <xsl:if test="$n &gt; 0">
        <span class="inbox-count" aria-hidden="true">
          <xsl:choose>
            <xsl:when test="$n &gt; 99">99+</xsl:when>
            <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:if>
    </a>
  </xsl:template>

  <!-- the admin's settings pages, one line of links above each page's title (every settings
       page has it, so rates and branding can be reached without knowing their address) -->
  <xsl:template name="settings-tabs">
    <nav class="eyebrow settings-tabs" aria-label="Settings">
      <xsl:text>Settings · </xsl:text>
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/users'"/><xsl:with-param name="label" select="'Users'"/></xsl:call-template> ·
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/rates'"/><xsl:with-param name="label" select="'Rates'"/></xsl:call-template> ·
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/webhooks'"/><xsl:with-param name="label" select="'Webhooks'"/></xsl:call-template> ·
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/hubspot'"/><xsl:with-param name="label" select="'HubSpot'"/></xsl:call-template> ·
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/mailbox'"/><xsl:with-param name="label" select="'Mailbox'"/></xsl:call-template> ·
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/brand'"/><xsl:with-param name="label" select="'Branding'"/></xsl:call-template> ·
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/automations'"/><xsl:with-param name="label" select="'Automations'"/></xsl:call-template> ·
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/calendar'"/><xsl:with-param name="label" select="'Working days'"/></xsl:call-template>
    </nav>
  </xsl:template>
  <xsl:template name="settings-tab">
    <xsl:param name="href"/>
    <xsl:param name="label"/>
    <a href="{$href}">
      <xsl:if test="/page/@path = $href or starts-with(/page/@path, concat($href, '/'))"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
      <xsl:value-of select="$label"/>
    </a>
  </xsl:template>

  <!-- the agency's logo when it has one (/page/brand/@logo: the URL with its cache buster; the
       brand's name follows it, so the image is decorative), else the two-ring mark, drawn by
       tandem.css (.brand-mark) in the accent colour -->
  <xsl:template name="brand-mark">
    <xsl:choose>
      <xsl:when test="string(/page/brand/@logo) != ''">
        <img class="brand-logo" src="{/page/brand/@logo}" alt=""/>
      </xsl:when>
      <xsl:otherwise>
        <span class="brand-mark" aria-hidden="true"></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- flash: pages may override this mode for their own page (login puts it in its card) -->
  <xsl:template match="page" mode="flash">
    <xsl:apply-templates select="flash"/>
  </xsl:template>

  <xsl:template match="flash">
    <div class="flash flash-ok" role="status">
      <xsl:if test="@kind = 'error'">
        <xsl:attribute name="class">flash flash-error</xsl:attribute>
        <xsl:attribute name="role">alert</xsl:attribute>
      </xsl:if>
      <span class="flash-icon" aria-hidden="true">
        <xsl:choose>
          <xsl:when test="@kind = 'error'">!</xsl:when>
          <xsl:otherwise>✓</xsl:otherwise>
        </xsl:choose>
      </span>
      <span class="flash-text"><xsl:value-of select="."/></span>
    </div>
  </xsl:template>

  <!-- a page that no imported stylesheet knows: say so plainly instead of dumping text -->
  <xsl:template match="page" mode="main">
    <section class="error-page">
      <p class="error-status">Oops</p>
      <h1>This page cannot be shown</h1>
      <p class="muted">There is no view for “<xsl:value-of select="@name"/>”.</p>
      <p><a class="btn" href="{$home}">Go back</a></p>
    </section>
  </xsl:template>

  <!-- The title block a page opens with (after its breadcrumb nav, if any):
         <div class="page-head CLASS">
           <div class="page-head-text">  settings tabs | p.breadcrumb | p.eyebrow
                                         <h1>title</h1>  p.page-sub | p.meta-line  </div>
           <div class="page-actions">actions</div>
         </div>
       Each parameter is text (select="…") or markup (the with-param's content); a part is left
       out when its parameter is not given or its text is empty, so an action some roles only
       see is an xsl:if inside actions. Pass string(@x), never an attribute node: it would be
       copied as an attribute of the element around it.
         title         the h1
         sub           one sentence under the title (p.page-sub)
         meta          facts under the title, each a span.meta-item (p.meta-line)
         eyebrow       the line above the title: what the page belongs to (p.eyebrow)
         crumb         a link back, above the title (p.breadcrumb)
         settings      true(): the settings tabs above the title (the admin's settings pages)
         avatar-class  given ('org-avatar'; 'org-avatar round' for a person): a circle with
                       avatar-letter in it beside the title and its meta
         actions       the buttons on the right (div.page-actions)
         class         extra class of the page-head div -->
  <xsl:template name="page-head">
    <xsl:param name="title"/>
    <xsl:param name="sub"/>
    <xsl:param name="meta"/>
    <xsl:param name="eyebrow"/>
    <xsl:param name="crumb"/>
    <xsl:param name="settings"/>
    <xsl:param name="avatar-class"/>
    <xsl:param name="avatar-letter"/>
    <xsl:param name="actions"/>
    <xsl:param name="class"/>
    <div class="page-head">
      <xsl:if test="$class != ''"><xsl:attribute name="class">page-head <xsl:value-of select="$class"/></xsl:attribute></xsl:if>
      <xsl:choose>
        <xsl:when test="$avatar-class != ''">
          <div class="page-head-text with-avatar">
            <span class="{$avatar-class}" aria-hidden="true"><xsl:value-of select="$avatar-letter"/></span>
            <div>
              <xsl:call-template name="page-head-title">
                <xsl:with-param name="title" select="$title"/>
                <xsl:with-param name="sub" select="$sub"/>
                <xsl:with-param name="meta" select="$meta"/>
              </xsl:call-template>
            </div>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <div class="page-head-text">
            <xsl:if test="$settings"><xsl:call-template name="settings-tabs"/></xsl:if>
            <xsl:if test="$crumb != ''"><p class="breadcrumb"><xsl:copy-of select="$crumb"/></p></xsl:if>
            <xsl:if test="$eyebrow != ''"><p class="eyebrow"><xsl:copy-of select="$eyebrow"/></p></xsl:if>
            <xsl:call-template name="page-head-title">
              <xsl:with-param name="title" select="$title"/>
              <xsl:with-param name="sub" select="$sub"/>
              <xsl:with-param name="meta" select="$meta"/>
            </xsl:call-template>
          </div>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$actions != ''"><div class="page-actions"><xsl:copy-of select="$actions"/></div></xsl:if>
    </div>
  </xsl:template>

  <!-- the h1 of a page head and the line under it (page-head's parameters) -->
  <xsl:template name="page-head-title">
    <xsl:param name="title"/>
    <xsl:param name="sub"/>
    <xsl:param name="meta"/>
    <h1><xsl:copy-of select="$title"/></h1>
    <xsl:if test="$sub != ''"><p class="page-sub"><xsl:copy-of select="$sub"/></p></xsl:if>
    <xsl:if test="$meta != ''"><p class="meta-line"><xsl:copy-of select="$meta"/></p></xsl:if>
  </xsl:template>

  <xsl:template match="pager">
    <xsl:call-template name="pager"><xsl:with-param name="pager" select="."/></xsl:call-template>
  </xsl:template>

  <xsl:template name="pager">
    <xsl:param name="pager" select="/page/pager"/>
    <xsl:variable name="page" select="number($pager/@page)"/>
    <xsl:variable name="pages" select="number($pager/@pages)"/>
    <xsl:if test="$pages &gt; 1">
      <nav class="pager" aria-label="Pagination">
        <xsl:choose>
          <xsl:when test="$page &gt; 1">
            <a class="btn btn-sm pager-prev" rel="prev" href="{$pager/@base}page={$page - 1}">‹ Previous</a>
          </xsl:when>
          <xsl:otherwise>
            <span class="btn btn-sm pager-prev is-disabled" aria-disabled="true">‹ Previous</span>
          </xsl:otherwise>
        </xsl:choose>
        <span class="pager-status">
          <xsl:text>Page </xsl:text>
          <xsl:value-of select="$page"/>
          <xsl:text> of </xsl:text>
          <xsl:value-of select="$pages"/>
          <xsl:if test="normalize-space($pager/@total) != ''">
            <xsl:text> · </xsl:text>
            <xsl:value-of select="format-number($pager/@total, '#,##0')"/>
            <xsl:text> total</xsl:text>
          </xsl:if>
        </span>
        <xsl:choose>
          <xsl:when test="$page &lt; $pages">
            <a class="btn btn-sm pager-next" rel="next" href="{$pager/@base}page={$page + 1}">Next ›</a>
          </xsl:when>
          <xsl:otherwise>
            <span class="btn btn-sm pager-next is-disabled" aria-disabled="true">Next ›</span>
          </xsl:otherwise>
        </xsl:choose>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template name="empty-state">
    <xsl:param name="title"/>
    <xsl:param name="text" select="''"/>
    <xsl:param name="action-href" select="''"/>
    <xsl:param name="action-label" select="''"/>
    <div class="empty-state">
      <span class="empty-icon" aria-hidden="true"></span>
      <p class="empty-title"><xsl:value-of select="$title"/></p>
      <xsl:if test="$text != ''"><p class="empty-text"><xsl:value-of select="$text"/></p></xsl:if>
      <xsl:if test="$action-href != ''">
        <p class="empty-action"><a class="btn btn-primary" href="{$action-href}"><xsl:value-of select="$action-label"/></a></p>
      </xsl:if>
    </div>
  </xsl:template>

</xsl:stylesheet>
