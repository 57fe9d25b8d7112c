<?xml version="1.0" encoding="UTF-8"?>
<!--
  layout.xsl - the HTML frame of every Tandem page and the helpers all pages share.

  Every page stylesheet does <xsl:import href="layout.xsl"/> and defines
    <xsl:template match="page[@name='NAME']" mode="main">…</xsl:template>
  The frame (match="/") writes <head>, the header with the navigation for the
  session's role, the flash message, and <main>, into which it applies
  /page in mode "main".

  Rules kept here and in every page stylesheet: XSLT 1.0 only, no extension
  functions, no document(), never disabled output escaping, no style attributes
  (the Content-Security-Policy forbids them: use classes from tandem.css),
  no // in templates that run per row.

  Cost model (libxslt 1.1.35 / libxml2 2.9.14, measured with callgrind): every XPath
  evaluation costs ~1.5-3k instructions, every output element or attribute ~2-3k
  (create, serialize, free), a call-template ~1.5k plus ~2k per with-param, an
  xsl:param left to a select default ~2.5k, a node-set = 'x' comparison ~3k. So the
  helpers that run per row test little (one expression, a lookup string, or the
  likeliest case first), table cells carry no class (tandem.css styles columns by
  position: .t-projects td:nth-child(7)…), and the dots of badges are CSS. A list row
  of seven cells costs ~170k instructions, the frame ~0.5M: about 20 µs and 60 µs.

  Brand colour: /page/brand/@accent is linked as /brand/accent.css?v=<hex> (the
  custom property in a stylesheet of the app: no script, no inline style); <html
  data-accent> stays for tandem.js, which sets the same value.
  Numbers: format-number(…, …, 'tandem') shows "—" for an empty value (NaN).

  Global variables
    $session     /page/session (empty node-set when signed out)
    $role        'admin' | 'pm' | 'member' | 'client' | ''
    $is-staff    true for admin, pm, member
    $can-manage  true for admin and pm (create/edit projects and clients)
    $is-admin    true for admin
    $brand-name  /page/brand/@name, or "Tandem"
    $home        "/" for staff, "/portal" for clients, "/login" when signed out
  (libxslt evaluates every global on every transformation: keep them few and cheap.)

  Named templates (parameters; a parameter not given takes the default shown)
    csrf              the hidden <input name="csrf"> with /page/session/@csrf.
    field             one labelled form control.
                        form       form id (also looks up /page/form-state[@for=form])
                        name       field name; the control's id is "form-name"
                        label      visible label text
                        type       text|email|password|date|number|textarea|select|checkbox ('text')
                        value      value shown when there is no form-state for the form ('')
                        options    select: node-set of option elements; value is the first
                                   of @value/@id/@code, label the element's text, else
                                   @name, else @code (<client id name/>, <currency code/>)
                        choices    select: static options as 'value=Label|value=Label|…'
                                   (emitted after options)
                        empty      select: label of a leading option with value ""
                        required   true()/'yes' marks the field required
                        hint       help text under the control ('')
                        step, min  number inputs
                        placeholder  inputs and textareas
                        inputmode, autocomplete  inputs
                        rows       textarea rows (4)
                        autofocus  true() to focus the input on load
                        class      extra class on the wrapping div, e.g. 'field-inline'
                      A checkbox is sent as value "1" and shown checked when the value is
                      1/on/true/yes. Parameters not given cost nothing: none has a select
                      default except type.
                      The value shown is /page/form-state[@for=form]/value[@name=name]
                      when that form-state exists, else $value. A password field never
                      shows a value. An error[@field=name] in that form-state is shown
                      under the control, which gets aria-invalid="true" and class
                      "is-invalid"; the message is linked by aria-describedby.
    approver-checkboxes  form: the contacts with access "approve" (/page/approvers/contact) as
                      checkboxes named contact_id in a fieldset; a form coming back keeps
                      its ticks and shows its contact_id message.
    form-errors       form: the summary box for /page/form-state[@for=form]: "Please correct
                      the fields marked below." when a field has an error, plus every
                      form-wide error (no @field, @field='' or @field='_form').
    money             amount (integer minor units), currency (ISO 4217 code)
                      → "€12,500.00", "$3,000.00", "£80.00", "CHF 1,200.00", "-€5.00";
                      JPY/KRW/… have no decimals, BHD/KWD/… three; empty or not a number → "—".
    file-size         bytes → "812 bytes", "14 KB", "2.5 MB" (one decimal at most).
    hours             minutes → h:mm, the one duration format of every page: 1 → "0:01",
                      465 → "7:45", 90030 → "1,500:30", -960 → "-16:00"; empty → "—".
    date              iso ("2026-11-22", "2026-11-22 14:03:00" or with "T")
                      → "22 Nov 2026" / "22 Nov 2026, 14:03"; time ('') 'no' drops the time
                      of day; empty → "—".
    stage-label       stage → "Initiation" | "Planning" | "Execution" | "Closure".
    health-label      health → "On track" | "At risk" | "Off track".
    role-label        role → "Admin" | "Project manager" | "Team member" | "Client".
    stage-badge       stage → coloured pill with the capitalised stage name.
    health-badge      health → pill with a green/amber/red dot (CSS) and its label.
    stage-stepper     stage; compact (false()) → the four stages as an ordered list,
                      earlier ones done, the current one marked aria-current="step".
    activity-list     items (activity elements), show-project (true()),
                      link-base ('/projects/', the project link is link-base + @project-id),
                      empty ('No activity yet.') → the activity timeline.
    pager             pager (/page/pager) → "‹ Previous · Page 2 of 5 · 113 total · Next ›"
                      using {@base}page=N; nothing when @pages ≤ 1. Also applied by
                      <xsl:apply-templates select="pager"/>.
    survey-trend      rows (month elements: month kind answers average nps) → the satisfaction
                      table by month with an up/down arrow against the previous month of the
                      same survey; "No answers yet." when there are none.
    kpi-table         kpis (kpi elements), empty ('No KPIs agreed yet.') → the KPI table
                      (name, target, current value, updated), or the empty text.
    empty-state       title, text (''), action-href (''), action-label ('') → a friendly
                      box for an empty list, with a primary button when action-href is given.
    capitalise        s → s with its first letter upper-cased.
    brand-mark        the brand's logo (an img of /page/brand/@logo), else the two-ring mark
                      (a span drawn by CSS in the accent colour).
  Modes: match="page" mode="flash" renders /page/flash (login overrides it to put the
  message in its card); match="page" mode="main" is a fallback for unknown pages.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <!-- format-number(…, …, 'tandem') of an empty or non-numeric value gives "—". Named, because
       libxslt reads an unnamed (default) decimal-format only from the main stylesheet. -->
  <xsl:decimal-format name="tandem" NaN="—"/>

  <!-- money formats: |CODE=DDDDpattern| with DDDD the minor units per major unit and a
       format-number pattern whose prefix is the symbol; any other three-letter code is
       written "CODE 1,234.00". One table lookup is far cheaper than a chain of tests. -->
  <xsl:variable name="money-formats" select="concat(
      '|EUR=0100€#,##0.00|USD=0100$#,##0.00|GBP=0100£#,##0.00',
      '|JPY=0001JPY #,##0|KRW=0001KRW #,##0|VND=0001VND #,##0|CLP=0001CLP #,##0|ISK=0001ISK #,##0',
      '|UGX=0001UGX #,##0|PYG=0001PYG #,##0|XAF=0001XAF #,##0|XOF=0001XOF #,##0|XPF=0001XPF #,##0',
      '|BHD=1000BHD #,##0.000|KWD=1000KWD #,##0.000|OMR=1000OMR #,##0.000|JOD=1000JOD #,##0.000',
      '|TND=1000TND #,##0.000|IQD=1000IQD #,##0.000|LYD=1000LYD #,##0.000|')"/>
  <xsl:variable name="session" select="/page/session"/>
  <xsl:variable name="role" select="string(/page/session/@role)"/>
  <xsl:variable name="is-staff" select="$role = 'admin' or $role = 'pm' or $role = 'member'"/>
  <xsl:variable name="can-manage" select="$role = 'admin' or $role = 'pm'"/>
  <xsl:variable name="is-admin" select="$role = 'admin'"/>
  <xsl:variable name="brand-name" select="concat(normalize-space(/page/brand/@name), substring('Tandem', 1, 6 * not(normalize-space(/page/brand/@name))))"/>
  <!-- where "home" is for this visitor: / for staff, /portal for clients, /login when signed out -->
  <xsl:variable name="home" select="concat(substring('/portal', 1, 7 * ($role = 'client')), substring('/', 1, $is-staff), substring('/login', 1, 6 * not($role = 'client' or $is-staff)))"/>

  <!-- ============================================================ frame -->

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
                  <xsl:if test="$is-admin">
                    <li><a href="/settings/users" class="nav-link"><xsl:if test="starts-with(/page/@path, '/settings/users')"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Users</a></li>
                    <li><a href="/settings/webhooks" class="nav-link"><xsl:if test="starts-with(/page/@path, '/settings/') and not(starts-with(/page/@path, '/settings/users'))"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Settings</a></li>
                  </xsl:if>
                </xsl:when>
              </xsl:choose>
            </ul>
          </nav>
          <div class="user-menu">
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

  <!-- the agency's logo when it has one (/page/brand/@logo: the URL with its cache buster; the
       brand's name follows it, so the image is decorative), else the two-ring mark, drawn by
       tandem.css (.brand-mark) in the accent colour -->
  <!-- the admin's settings pages, one line of links above each page's title (every settings
       page has it, so rates and branding can be reached without knowing their address) -->
  <xsl:template name="settings-tabs">
    <nav class="eyebrow settings-tabs" aria-label="Settings">
      <xsl:text>Settings · </xsl:text>
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/users'"/><xsl:with-param name="label" select="'Users'"/></xsl:call-template> ·
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/rates'"/><xsl:with-param name="label" select="'Rates'"/></xsl:call-template> ·
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/webhooks'"/><xsl:with-param name="label" select="'Webhooks'"/></xsl:call-template> ·
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/hubspot'"/><xsl:with-param name="label" select="'HubSpot'"/></xsl:call-template> ·
      <xsl:call-template name="settings-tab"><xsl:with-param name="href" select="'/settings/brand'"/><xsl:with-param name="label" select="'Branding'"/></xsl:call-template>
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

  <!-- ============================================================ forms -->

  <xsl:template name="csrf">
    <input type="hidden" name="csrf" value="{/page/session/@csrf}"/>
  </xsl:template>

  <xsl:template name="approver-checkboxes">
    <xsl:param name="form"/>
    <xsl:variable name="state" select="/page/form-state[@for = $form]"/>
    <fieldset class="field field-choices">
      <xsl:if test="$state/error[@field = 'contact_id']">
        <xsl:attribute name="class">field field-choices has-error</xsl:attribute>
        <xsl:attribute name="aria-describedby"><xsl:value-of select="concat($form, '-contact_id-error')"/></xsl:attribute>
      </xsl:if>
      <legend>Contacts who may approve</legend>
      <xsl:for-each select="/page/approvers/contact">
        <label class="choice"><input type="checkbox" name="contact_id" value="{@id}">
          <xsl:if test="$state/value[@name = 'contact_id'] = current()/@id"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input><xsl:text> </xsl:text><xsl:value-of select="@name"/><xsl:text> </xsl:text><span class="muted">(<xsl:value-of select="@email"/>)</span></label>
      </xsl:for-each>
      <xsl:if test="not(/page/approvers/contact)"><p class="muted">This client has no contact with access “approve”.</p></xsl:if>
      <xsl:for-each select="$state/error[@field = 'contact_id']">
        <p class="field-error" id="{$form}-contact_id-error"><xsl:value-of select="."/></p>
      </xsl:for-each>
    </fieldset>
  </xsl:template>

  <xsl:template name="form-errors">
    <xsl:param name="form"/>
    <xsl:variable name="state" select="/page/form-state[@for = $form]"/>
    <xsl:if test="$state/error">
      <div class="form-errors" role="alert">
        <xsl:if test="$state/error[@field != '' and @field != '_form']">
          <p class="form-errors-title">Please correct the fields marked below.</p>
        </xsl:if>
        <xsl:for-each select="$state/error[not(@field) or @field = '' or @field = '_form']">
          <p class="form-errors-item"><xsl:value-of select="."/></p>
        </xsl:for-each>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="field">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="type" select="'text'"/>
    <!-- the others default to the empty string, which costs nothing to evaluate -->
    <xsl:param name="value"/>
    <xsl:param name="options"/>
    <xsl:param name="choices"/>
    <xsl:param name="empty"/>
    <xsl:param name="required"/>
    <xsl:param name="hint"/>
    <xsl:param name="step"/>
    <xsl:param name="min"/>
    <xsl:param name="placeholder"/>
    <xsl:param name="inputmode"/>
    <xsl:param name="autocomplete"/>
    <xsl:param name="rows"/>
    <xsl:param name="autofocus"/>
    <xsl:param name="class"/>

    <xsl:variable name="id" select="concat($form, '-', $name)"/>
    <xsl:variable name="state" select="/page/form-state[@for = $form]"/>
    <!-- the form-state value when the form was re-shown, else $value.
         substring(x, 1, (1 div 0) * b) is x when b is true and '' when false: an
         if/else without a result-tree fragment -->
    <xsl:variable name="cur" select="concat(string($state/value[@name = $name]), substring($value, 1, (1 div 0) * not($state)))"/>
    <xsl:variable name="error" select="$state/error[@field = $name][1]"/>
    <xsl:variable name="req" select="$required and string($required) != 'false' and string($required) != 'no'"/>

    <div class="field field-{$type}">
      <xsl:if test="$error or $class">
        <xsl:attribute name="class">
          <xsl:value-of select="concat('field field-', $type, substring(' has-error', 1, 10 * boolean($error)), substring(' ', 1, boolean($class)), $class)"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:if test="$type != 'checkbox'">
        <label for="{$id}">
          <xsl:value-of select="$label"/>
          <xsl:if test="$req"><span class="req" aria-hidden="true"> *</span></xsl:if>
        </label>
      </xsl:if>
      <!-- one branch per kind of control, each with only the attributes it can have
           (attributes common to all: see "described" below) -->
      <xsl:choose>
        <xsl:when test="$type = 'select'">
          <select id="{$id}" name="{$name}">
            <xsl:if test="$error or $hint or $req"><xsl:call-template name="field-common"><xsl:with-param name="id" select="$id"/><xsl:with-param name="error" select="$error"/><xsl:with-param name="hint" select="$hint"/><xsl:with-param name="req" select="$req"/></xsl:call-template></xsl:if>
            <xsl:if test="$empty">
              <option value=""><xsl:value-of select="$empty"/></option>
            </xsl:if>
            <xsl:if test="$options">
              <xsl:for-each select="$options">
                <!-- value: the first of @value, @id, @code; label: the text, else @name (else @code) -->
                <xsl:variable name="v" select="string((@value | @id | @code)[1])"/>
                <option value="{$v}">
                  <xsl:if test="$v = $cur"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                  <xsl:value-of select="(@code | @name | text())[last()]"/>
                </option>
              </xsl:for-each>
            </xsl:if>
            <xsl:if test="$choices">
              <xsl:call-template name="choice-options">
                <xsl:with-param name="list" select="$choices"/>
                <xsl:with-param name="current" select="$cur"/>
              </xsl:call-template>
            </xsl:if>
          </select>
        </xsl:when>
        <xsl:when test="$type = 'textarea'">
          <textarea id="{$id}" name="{$name}" rows="4">
            <xsl:if test="$rows"><xsl:attribute name="rows"><xsl:value-of select="$rows"/></xsl:attribute></xsl:if>
            <xsl:if test="$error or $hint or $req"><xsl:call-template name="field-common"><xsl:with-param name="id" select="$id"/><xsl:with-param name="error" select="$error"/><xsl:with-param name="hint" select="$hint"/><xsl:with-param name="req" select="$req"/></xsl:call-template></xsl:if>
            <xsl:if test="$placeholder"><xsl:attribute name="placeholder"><xsl:value-of select="$placeholder"/></xsl:attribute></xsl:if>
            <!-- the HTML parser drops one newline after <textarea>: keep a value's own leading newline -->
            <xsl:text>&#10;</xsl:text>
            <xsl:value-of select="$cur"/>
          </textarea>
        </xsl:when>
        <xsl:when test="$type = 'checkbox'">
          <input type="checkbox" id="{$id}" name="{$name}" value="1">
            <xsl:if test="$cur = '1' or $cur = 'on' or $cur = 'true' or $cur = 'yes'">
              <xsl:attribute name="checked">checked</xsl:attribute>
            </xsl:if>
            <xsl:if test="$error or $hint or $req"><xsl:call-template name="field-common"><xsl:with-param name="id" select="$id"/><xsl:with-param name="error" select="$error"/><xsl:with-param name="hint" select="$hint"/><xsl:with-param name="req" select="$req"/></xsl:call-template></xsl:if>
          </input>
          <label for="{$id}"><xsl:value-of select="$label"/></label>
        </xsl:when>
        <xsl:otherwise>
          <input type="{$type}" id="{$id}" name="{$name}">
            <!-- a password is never sent back -->
            <xsl:if test="$type != 'password'"><xsl:attribute name="value"><xsl:value-of select="$cur"/></xsl:attribute></xsl:if>
            <xsl:if test="$error or $hint or $req"><xsl:call-template name="field-common"><xsl:with-param name="id" select="$id"/><xsl:with-param name="error" select="$error"/><xsl:with-param name="hint" select="$hint"/><xsl:with-param name="req" select="$req"/></xsl:call-template></xsl:if>
            <xsl:if test="$placeholder"><xsl:attribute name="placeholder"><xsl:value-of select="$placeholder"/></xsl:attribute></xsl:if>
            <xsl:if test="$inputmode"><xsl:attribute name="inputmode"><xsl:value-of select="$inputmode"/></xsl:attribute></xsl:if>
            <xsl:if test="$autocomplete"><xsl:attribute name="autocomplete"><xsl:value-of select="$autocomplete"/></xsl:attribute></xsl:if>
            <xsl:if test="$step"><xsl:attribute name="step"><xsl:value-of select="$step"/></xsl:attribute></xsl:if>
            <xsl:if test="$min"><xsl:attribute name="min"><xsl:value-of select="$min"/></xsl:attribute></xsl:if>
            <xsl:if test="$autofocus"><xsl:attribute name="autofocus">autofocus</xsl:attribute></xsl:if>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$error">
        <p class="field-error" id="{$id}-error"><xsl:value-of select="$error"/></p>
      </xsl:if>
      <xsl:if test="$hint">
        <p class="hint" id="{$id}-hint"><xsl:value-of select="$hint"/></p>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- attributes of a field's control when it has an error, a hint or is required
       (called inside the control element, only when one of these applies) -->
  <xsl:template name="field-common">
    <xsl:param name="id"/>
    <xsl:param name="error"/>
    <xsl:param name="hint"/>
    <xsl:param name="req"/>
    <xsl:if test="$error">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
      <xsl:attribute name="class">is-invalid</xsl:attribute>
    </xsl:if>
    <xsl:if test="$error or $hint">
      <xsl:attribute name="aria-describedby">
        <xsl:value-of select="normalize-space(concat(substring(concat($id, '-error'), 1, (1 div 0) * boolean($error)), ' ', substring(concat($id, '-hint'), 1, (1 div 0) * boolean($hint))))"/>
      </xsl:attribute>
    </xsl:if>
    <xsl:if test="$req"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
  </xsl:template>

  <!-- 'value=Label|value=Label' → <option>s (called only with a non-empty list) -->
  <xsl:template name="choice-options">
    <xsl:param name="list"/>
    <xsl:param name="current"/>
    <xsl:variable name="head" select="substring-before(concat($list, '|'), '|')"/>
    <xsl:variable name="v" select="substring-before($head, '=')"/>
    <option value="{$v}">
      <xsl:if test="$v = $current"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="substring-after($head, '=')"/>
    </option>
    <xsl:if test="contains($list, '|')">
      <xsl:call-template name="choice-options">
        <xsl:with-param name="list" select="substring-after($list, '|')"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

  <!-- The progress figure (issue 10): a bar and a sentence that says what it counts. The
       figure is computed once, in SQL (PROJECT_PROGRESS in include/stmt_sql.h); every page
       passes its attributes here: progress 0-100, basis (estimates|tasks|none), tasks done and
       all, milestones reached and all (empty for a snapshot older than migration 012). -->
  <xsl:template name="progress-figure">
    <xsl:param name="progress" select="@progress"/>
    <xsl:param name="basis" select="@progress-basis"/>
    <xsl:param name="done" select="@tasks-done"/>
    <xsl:param name="total" select="@tasks-total"/>
    <xsl:param name="ms-reached" select="@milestones-reached"/>
    <xsl:param name="ms-total" select="@milestones-total"/>
    <xsl:variable name="v" select="number($progress)"/>
    <xsl:if test="$v = $v">
      <xsl:variable name="pct" select="100 * ($v &gt; 100) + round($v) * ($v &gt;= 0 and $v &lt;= 100)"/>
      <div class="progress-wrap">
        <progress class="progress" max="100" value="{$pct}" aria-label="Progress"><xsl:value-of select="$pct"/> %</progress>
        <span class="progress-label">
          <xsl:choose>
            <xsl:when test="string($basis) = 'none'">No tasks planned yet</xsl:when>
            <xsl:when test="string($basis) = 'estimates'"><xsl:value-of select="$pct"/> % of estimated work done</xsl:when>
            <xsl:when test="string($basis) = 'tasks'"><xsl:value-of select="$pct"/> % of tasks done</xsl:when>
            <xsl:otherwise><xsl:value-of select="$pct"/> %</xsl:otherwise>
          </xsl:choose>
          <xsl:if test="string($basis) = 'estimates' or string($basis) = 'tasks'">
            <xsl:text> (</xsl:text><xsl:value-of select="$done"/> of <xsl:value-of select="$total"/> tasks)</xsl:if>
        </span>
        <xsl:if test="number($ms-total) &gt; 0">
          <span class="progress-label progress-milestones"><xsl:value-of select="$ms-reached"/> of <xsl:value-of select="$ms-total"/> milestones reached</span>
        </xsl:if>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- Time no rate in the project's currency priced (page/unpriced, issue 10): said on the
       budget and report pages, never converted. PMs and admins only (money). -->
  <xsl:template name="unpriced-warning">
    <xsl:variable name="u" select="/page/unpriced"/>
    <xsl:if test="$u/person and $can-manage">
      <section class="card card-warning unpriced-warning" role="note" aria-label="Time without a rate">
        <div class="card-body">
          <p><strong>No rate in <xsl:value-of select="$u/@currency"/></strong> for
            <xsl:for-each select="$u/person">
              <xsl:if test="position() &gt; 1"><xsl:choose><xsl:when test="position() = last()"> and </xsl:when><xsl:otherwise>, </xsl:otherwise></xsl:choose></xsl:if>
              <xsl:value-of select="@name"/> (<xsl:call-template name="hours"><xsl:with-param name="minutes" select="@minutes"/></xsl:call-template>)</xsl:for-each>:
            this time has no price and is left out of the money figures. Rates are never converted
            between currencies; an admin can add a rate in <xsl:value-of select="$u/@currency"/> under
            <a href="/settings/rates">Rates</a> (it prices time logged from then on).</p>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ formatting -->

  <xsl:template name="money">
    <xsl:param name="amount"/>
    <xsl:param name="currency"/>
    <!-- tested in order of likelihood: each test costs about as much as the formatting -->
    <xsl:choose>
      <xsl:when test="$currency = 'EUR'"><xsl:value-of select="format-number($amount div 100, '€#,##0.00', 'tandem')"/></xsl:when>
      <xsl:when test="$currency = 'USD'"><xsl:value-of select="format-number($amount div 100, '$#,##0.00', 'tandem')"/></xsl:when>
      <xsl:when test="$currency = 'GBP'"><xsl:value-of select="format-number($amount div 100, '£#,##0.00', 'tandem')"/></xsl:when>
      <xsl:when test="string-length($currency) != 3 or translate($currency, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '') != ''">
        <xsl:value-of select="format-number($amount div 100, '#,##0.00', 'tandem')"/>
      </xsl:when>
      <!-- ISO 4217 currencies without minor units, and with three decimals -->
      <xsl:when test="contains('JPY KRW VND CLP ISK UGX PYG XAF XOF XPF KMF RWF GNF BIF DJF VUV', $currency)">
        <xsl:value-of select="format-number($amount, concat($currency, ' #,##0'), 'tandem')"/>
      </xsl:when>
      <xsl:when test="contains('BHD KWD OMR JOD TND IQD LYD', $currency)">
        <xsl:value-of select="format-number($amount div 1000, concat($currency, ' #,##0.000'), 'tandem')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="format-number($amount div 100, concat($currency, ' #,##0.00'), 'tandem')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- h:mm; runs per cell of long reports, so the common case (under 1,000 hours)
       does without format-number -->
  <xsl:template name="hours">
    <xsl:param name="minutes"/>
    <xsl:variable name="m" select="round($minutes)"/>
    <xsl:choose>
      <xsl:when test="$m &gt;= 0 and $m &lt; 60000"><xsl:value-of select="concat(floor($m div 60), ':', substring(100 + $m mod 60, 2))"/></xsl:when>
      <xsl:when test="$m &gt;= 0"><xsl:value-of select="concat(format-number(floor($m div 60), '#,##0', 'tandem'), ':', substring(100 + $m mod 60, 2))"/></xsl:when>
      <xsl:when test="$m &lt; 0"><xsl:value-of select="concat('-', format-number(floor(-$m div 60), '#,##0', 'tandem'), ':', substring(100 + (-$m) mod 60, 2))"/></xsl:when>
      <xsl:otherwise>—</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a signed impact (change requests): "+8:00 h", "−8:00 h", "+€1,200.00", "−€1,200.00" -->
  <xsl:template name="signed-hours">
    <xsl:param name="minutes"/>
    <xsl:value-of select="substring('+−', 1 + ($minutes &lt; 0), 1)"/>
    <xsl:call-template name="hours"><xsl:with-param name="minutes" select="$minutes * (1 - 2 * ($minutes &lt; 0))"/></xsl:call-template>
    <xsl:text> h</xsl:text>
  </xsl:template>
  <xsl:template name="signed-money">
    <xsl:param name="amount"/>
    <xsl:param name="currency"/>
    <xsl:value-of select="substring('+−', 1 + ($amount &lt; 0), 1)"/>
    <xsl:call-template name="money"><xsl:with-param name="amount" select="$amount * (1 - 2 * ($amount &lt; 0))"/><xsl:with-param name="currency" select="$currency"/></xsl:call-template>
  </xsl:template>

  <xsl:template name="file-size">
    <xsl:param name="bytes"/>
    <xsl:choose>
      <xsl:when test="$bytes &gt;= 1048576"><xsl:value-of select="format-number($bytes div 1048576, '0.#')"/> MB</xsl:when>
      <xsl:when test="$bytes &gt;= 1024"><xsl:value-of select="format-number($bytes div 1024, '0')"/> KB</xsl:when>
      <xsl:otherwise><xsl:value-of select="$bytes"/> bytes</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="date">
    <xsl:param name="iso"/>
    <xsl:param name="time"/>
    <xsl:choose>
      <xsl:when test="string-length($iso) &gt; 9 and not(starts-with($iso, '0000'))">
        <xsl:value-of select="concat(number(substring($iso, 9, 2)), ' ', substring('JanFebMarAprMayJunJulAugSepOctNovDec', substring($iso, 6, 2) * 3 - 2, 3), ' ', substring($iso, 1, 4))"/>
        <xsl:if test="string-length($iso) &gt; 15 and $time != 'no'">, <xsl:value-of select="substring($iso, 12, 5)"/></xsl:if>
      </xsl:when>
      <xsl:otherwise>—</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="capitalise">
    <xsl:param name="s"/>
    <xsl:value-of select="concat(translate(substring($s, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), substring($s, 2))"/>
  </xsl:template>

  <!-- the four stages' labels are their capitalised names -->
  <xsl:template name="stage-label">
    <xsl:param name="stage"/>
    <xsl:value-of select="concat(translate(substring($stage, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), substring($stage, 2))"/>
  </xsl:template>

  <xsl:template name="health-label">
    <xsl:param name="health"/>
    <xsl:value-of select="substring-before(substring-after(concat('|green=On track|amber=At risk|red=Off track|', $health, '=', $health, '|'), concat('|', $health, '=')), '|')"/>
  </xsl:template>

  <xsl:template name="role-label">
    <xsl:param name="role"/>
    <xsl:choose>
      <xsl:when test="$role = 'admin'">Admin</xsl:when>
      <xsl:when test="$role = 'pm'">Project manager</xsl:when>
      <xsl:when test="$role = 'member'">Team member</xsl:when>
      <xsl:when test="$role = 'client'">Client</xsl:when>
      <xsl:otherwise><xsl:value-of select="$role"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="stage-badge">
    <xsl:param name="stage"/>
    <span class="stage stage-{$stage}"><xsl:value-of select="concat(translate(substring($stage, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), substring($stage, 2))"/></span>
  </xsl:template>

  <!-- the dot is drawn by CSS (.health::before): one element per badge -->
  <xsl:template name="health-badge">
    <xsl:param name="health"/>
    <span class="health health-{$health}"><xsl:value-of select="substring-before(substring-after(concat('|green=On track|amber=At risk|red=Off track|', $health, '=', $health, '|'), concat('|', $health, '=')), '|')"/></span>
  </xsl:template>

  <!-- ============================================================ components -->

  <xsl:template name="stage-stepper">
    <xsl:param name="stage"/>
    <xsl:param name="compact" select="false()"/>
    <xsl:variable name="n" select="1 * ($stage = 'initiation') + 2 * ($stage = 'planning') + 3 * ($stage = 'execution') + 4 * ($stage = 'closure')"/>
    <ol class="stepper">
      <xsl:if test="$compact"><xsl:attribute name="class">stepper stepper-compact</xsl:attribute></xsl:if>
      <xsl:call-template name="stage-step"><xsl:with-param name="i" select="1"/><xsl:with-param name="n" select="$n"/><xsl:with-param name="label" select="'Initiation'"/></xsl:call-template>
      <xsl:call-template name="stage-step"><xsl:with-param name="i" select="2"/><xsl:with-param name="n" select="$n"/><xsl:with-param name="label" select="'Planning'"/></xsl:call-template>
      <xsl:call-template name="stage-step"><xsl:with-param name="i" select="3"/><xsl:with-param name="n" select="$n"/><xsl:with-param name="label" select="'Execution'"/></xsl:call-template>
      <xsl:call-template name="stage-step"><xsl:with-param name="i" select="4"/><xsl:with-param name="n" select="$n"/><xsl:with-param name="label" select="'Closure'"/></xsl:call-template>
    </ol>
  </xsl:template>

  <xsl:template name="stage-step">
    <xsl:param name="i"/>
    <xsl:param name="n"/>
    <xsl:param name="label"/>
    <li>
      <xsl:attribute name="class">
        <xsl:choose>
          <xsl:when test="$i &lt; $n">step is-done</xsl:when>
          <xsl:when test="$i = $n">step is-current</xsl:when>
          <xsl:otherwise>step</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:if test="$i = $n"><xsl:attribute name="aria-current">step</xsl:attribute></xsl:if>
      <span class="step-marker" aria-hidden="true">
        <xsl:choose>
          <xsl:when test="$i &lt; $n">✓</xsl:when>
          <xsl:otherwise><xsl:value-of select="$i"/></xsl:otherwise>
        </xsl:choose>
      </span>
      <span class="step-label">
        <xsl:value-of select="$label"/>
        <xsl:choose>
          <xsl:when test="$i &lt; $n"><span class="sr-only"> (done)</span></xsl:when>
          <xsl:when test="$i = $n"><span class="sr-only"> (current stage)</span></xsl:when>
        </xsl:choose>
      </span>
    </li>
  </xsl:template>

  <!-- a project's KPIs as a table (project page, report, portal); empty: the text without any -->
  <!-- one row per month and survey kind, oldest first; the score of a month beside the
       previous month's of the same kind (↑ / ↓ / =) is the trend -->
  <xsl:template name="survey-trend">
    <xsl:param name="rows"/>
    <xsl:choose>
      <xsl:when test="$rows">
        <div class="table-wrap">
        <table class="table t-trend">
          <thead><tr><th scope="col">Month</th><th scope="col">Survey</th><th scope="col" class="num">Answers</th><th scope="col" class="num">Score</th><th scope="col">Trend</th></tr></thead>
          <tbody>
            <xsl:for-each select="$rows">
              <xsl:variable name="score" select="sum(@average[../@kind != 'nps'] | @nps[../@kind = 'nps'])"/>
              <xsl:variable name="prev" select="preceding-sibling::*[@kind = current()/@kind][1]"/>
              <xsl:variable name="before" select="sum($prev/@average[../@kind != 'nps'] | $prev/@nps[../@kind = 'nps'])"/>
              <tr>
                <td><xsl:value-of select="concat(substring('JanFebMarAprMayJunJulAugSepOctNovDec', substring(@month, 6, 2) * 3 - 2, 3), ' ', substring(@month, 1, 4))"/></td>
                <td><xsl:value-of select="translate(@kind, 'csatnp', 'CSATNP')"/></td>
                <td class="num"><xsl:value-of select="@answers"/></td>
                <td class="num"><xsl:choose><xsl:when test="@kind = 'nps'"><xsl:value-of select="@nps"/></xsl:when><xsl:otherwise><xsl:value-of select="@average"/> / 5</xsl:otherwise></xsl:choose></td>
                <td class="trend">
                  <xsl:choose>
                    <xsl:when test="not($prev)"><span class="muted">first month</span></xsl:when>
                    <xsl:when test="$score &gt; $before"><span class="trend-up">↑ up from <xsl:value-of select="$prev/@average[../@kind != 'nps'] | $prev/@nps[../@kind = 'nps']"/></span></xsl:when>
                    <xsl:when test="$score &lt; $before"><span class="trend-down">↓ down from <xsl:value-of select="$prev/@average[../@kind != 'nps'] | $prev/@nps[../@kind = 'nps']"/></span></xsl:when>
                    <xsl:otherwise><span class="muted">= unchanged</span></xsl:otherwise>
                  </xsl:choose>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        </div>
      </xsl:when>
      <xsl:otherwise><div class="card-body"><p class="empty-inline">No answers yet.</p></div></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="kpi-table">
    <xsl:param name="kpis" select="/.."/>
    <xsl:param name="empty" select="'No KPIs agreed yet.'"/>
    <xsl:choose>
      <xsl:when test="$kpis">
        <div class="table-wrap">
          <table class="table t-kpis">
            <thead><tr><th scope="col">KPI</th><th scope="col">Target</th><th scope="col">Current</th><th scope="col">Updated</th></tr></thead>
            <tbody>
              <xsl:for-each select="$kpis">
                <tr>
                  <td><xsl:value-of select="@name"/></td>
                  <td><xsl:value-of select="@target"/></td>
                  <td><xsl:value-of select="@actual"/><xsl:if test="@actual = ''"><span class="muted">Not measured yet</span></xsl:if></td>
                  <td><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@updated-at)"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise><div class="card-body"><p class="empty-inline"><xsl:value-of select="$empty"/></p></div></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="activity-list">
    <xsl:param name="items" select="/.."/>
    <xsl:param name="show-project" select="true()"/>
    <xsl:param name="link-base" select="'/projects/'"/>
    <xsl:param name="empty" select="'No activity yet.'"/>
    <xsl:choose>
      <xsl:when test="not($items)">
        <p class="empty-inline"><xsl:value-of select="$empty"/></p>
      </xsl:when>
      <xsl:otherwise>
        <ol class="timeline">
          <xsl:for-each select="$items">
            <li class="kind-{@kind} to-{@to}">
              <p>
                <strong>
                  <xsl:value-of select="@user-name"/>
                  <xsl:if test="not(@user-name != '')">
                    <!-- a decision by e-mail link is the contact's (older lines have no user) -->
                    <xsl:choose>
                      <xsl:when test="@kind = 'approval_decided' and @from != ''"><xsl:value-of select="@from"/></xsl:when>
                      <xsl:otherwise><xsl:value-of select="$brand-name"/></xsl:otherwise>
                    </xsl:choose>
                  </xsl:if>
                </strong>
                <xsl:text> </xsl:text>
                <xsl:call-template name="activity-sentence">
                  <xsl:with-param name="show-project" select="$show-project"/>
                  <xsl:with-param name="link-base" select="$link-base"/>
                </xsl:call-template>
              </p>
              <xsl:if test="@note != '' and @kind != 'approval_decided'">
                <p class="timeline-note"><xsl:if test="@note-internal = '1'"><span class="muted">Internal note (not shown to the client): </span></xsl:if><xsl:value-of select="@note"/></p>
              </xsl:if>
              <time datetime="{@at}"><xsl:call-template name="date"><xsl:with-param name="iso" select="string(@at)"/></xsl:call-template></time>
              <xsl:if test="$is-staff and @client-visible = '1'">
                <span class="timeline-client" title="Shown in the client portal">· client sees this</span>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- the words after the user's name; context node is one activity -->
  <xsl:template name="activity-sentence">
    <xsl:param name="show-project" select="true()"/>
    <xsl:param name="link-base" select="'/projects/'"/>
    <xsl:variable name="k" select="string(@kind)"/>
    <!-- kind → words; an unknown kind is shown as it is -->
    <xsl:variable name="words" select="'|created=created|updated=updated|stage=moved|health=changed the health of|client_created=added the client|budget=crossed a budget threshold on|kpi=updated a KPI of|status_report=published a status report on|approval_requested=asked for an approval in|approval_decided=recorded an approval decision in|document_added=added a document to|document_version=added a document version in|thread_started=started a thread in|thread_reply=replied to a thread in|milestone_reached=reached a milestone in|task_planned=planned a task in|task_completed=completed a task in|tasks_rescheduled=rescheduled tasks in|risk_added=added a risk to|change_approved=approved a change in|change_rejected=rejected a change in|contact_access=changed the portal access of a contact of|contact_deactivated=deactivated a contact of|contact_reactivated=reactivated a contact of|'"/>
    <xsl:choose>
      <xsl:when test="$k = 'approval_decided'">
        <!-- who decided and how: the contact (@from) and the outcome (@to); staff recording it
             on the contact's behalf say so; the subject's title is the note -->
        <xsl:if test="@user-name != '' and @from != '' and @user-name != @from">
          <xsl:text>recorded that </xsl:text><xsl:value-of select="@from"/><xsl:text> </xsl:text>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="@to = 'approve'">approved</xsl:when>
          <xsl:when test="@to = 'changes'">requested changes to</xsl:when>
          <xsl:otherwise>decided on</xsl:otherwise>
        </xsl:choose>
        <xsl:text> </xsl:text>
        <xsl:choose>
          <xsl:when test="@note != ''">“<xsl:value-of select="@note"/>”</xsl:when>
          <xsl:otherwise>an approval request</xsl:otherwise>
        </xsl:choose>
        <xsl:text> in</xsl:text>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="substring-before(substring-after(concat($words, $k, '=', $k, '|'), concat('|', $k, '=')), '|')"/>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:text> </xsl:text>
    <xsl:choose>
      <xsl:when test="$k = 'client_created' or starts-with($k, 'contact_')">
        <a href="/clients/{@client-id}"><xsl:value-of select="@client-name"/></a>
      </xsl:when>
      <xsl:when test="$show-project and @project-name != ''">
        <a href="{$link-base}{@project-id}"><xsl:value-of select="@project-name"/></a>
      </xsl:when>
      <xsl:otherwise>the project</xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$k = 'stage' or $k = 'health'">
      <xsl:variable name="from" select="string(@from)"/>
      <xsl:variable name="to" select="string(@to)"/>
      <xsl:if test="$from != ''">
        <xsl:text> from </xsl:text>
        <span class="em">
          <xsl:choose>
            <xsl:when test="$k = 'stage'"><xsl:value-of select="concat(translate(substring($from, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), substring($from, 2))"/></xsl:when>
            <xsl:otherwise><xsl:call-template name="health-label"><xsl:with-param name="health" select="$from"/></xsl:call-template></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:if>
      <xsl:text> to </xsl:text>
      <span class="em">
        <xsl:choose>
          <xsl:when test="$k = 'stage'"><xsl:value-of select="concat(translate(substring($to, 1, 1), 'abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), substring($to, 2))"/></xsl:when>
          <xsl:otherwise><xsl:call-template name="health-label"><xsl:with-param name="health" select="$to"/></xsl:call-template></xsl:otherwise>
        </xsl:choose>
      </span>
    </xsl:if>
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
