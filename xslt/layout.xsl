<?xml version="1.0" encoding="UTF-8"?>
<!--
  layout.xsl - what every Tandem page stylesheet imports: the output method, the global
  variables, and the parts that hold the frame and the shared templates.

  Every page stylesheet does <xsl:import href="layout.xsl"/> (nothing else from this list)
  and defines
    <xsl:template match="page[@name='NAME']" mode="main">…</xsl:template>
  The frame (match="/", frame.xsl) writes <head>, the header with the navigation for the
  session's role, the flash message, and <main>, into which it applies /page in mode
  "main". A page opens with the page-head template (frame.xsl).

  The parts, each included here (xsl:include: one stylesheet, so they call each other
  freely, and a page stylesheet overrides any template of theirs by import precedence):
    frame.xsl     the HTML shell, header and navigation, settings tabs, brand mark, flash
                  message, page head, pager, empty state, the page for an unknown name.
    forms.xsl     csrf, field (one labelled control and its error), form-errors,
                  approver-checkboxes.
    format.xsl    values as text: money, signed-money, hours, signed-hours, date,
                  file-size, capitalise; the 'tandem' decimal-format; $money-formats.
    partials.xsl  domain pieces several pages show: the words and badges of stages, health
                  and roles, the stage stepper, shared-badge, progress-figure,
                  unpriced-warning, activity-list and activity-sentence, a project's title.
    tables.xsl    tables several pages show, one row template each: projects (mode "row"),
                  KPIs, satisfaction by month.
  Each part's header lists its templates and their parameters (a parameter not given
  takes the default shown there). A template used by one page family stays in that
  family's stylesheet; one that a second family needs moves to the part it belongs to.
  Template names are unique across xslt/: a name means one thing.

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
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <xsl:variable name="session" select="/page/session"/>
  <xsl:variable name="role" select="string(/page/session/@role)"/>
  <xsl:variable name="is-staff" select="$role = 'admin' or $role = 'pm' or $role = 'member'"/>
  <xsl:variable name="can-manage" select="$role = 'admin' or $role = 'pm'"/>
  <xsl:variable name="is-admin" select="$role = 'admin'"/>
  <xsl:variable name="brand-name" select="concat(normalize-space(/page/brand/@name), substring('Tandem', 1, 6 * not(normalize-space(/page/brand/@name))))"/>
  <!-- where "home" is for this visitor: / for staff, /portal for clients, /login when signed out -->
  <xsl:variable name="home" select="concat(substring('/portal', 1, 7 * ($role = 'client')), substring('/', 1, $is-staff), substring('/login', 1, 6 * not($role = 'client' or $is-staff)))"/>

  <!-- the parts (xsl:include: their templates have this stylesheet's import precedence, so a
       page stylesheet overrides any of them as it overrode layout.xsl's own) -->
  <xsl:include href="frame.xsl"/>
  <xsl:include href="forms.xsl"/>
  <xsl:include href="format.xsl"/>
  <xsl:include href="partials.xsl"/>
  <xsl:include href="tables.xsl"/>

</xsl:stylesheet>
