<?xml version="1.0" encoding="UTF-8"?>
<!--
  access.xsl - the client side's access pages:
    invite          <invite name email token nonce purpose/>; form "invite" POST /{purpose}/{token}
                    (purpose invite or reset; password, password2, nonce - no session, no csrf)
    forgot          form "forgot" POST /password/forgot (email; no csrf), the answer in the flash
    token-refused   <refused>why</refused>: a used, expired, withdrawn or unknown link
    unsubscribe     <unsubscribe token kind label email done/>: what a notification e-mail's
                    one-click link turns off; form POST /unsubscribe/{token}
                    (List-Unsubscribe=One-Click; no session, no csrf); done="1" once it is off
    brand           <brand-form name accent logo max-logo/>; form "brand" multipart POST /settings/brand
                    (admin: name, accent, logo (file), remove_logo)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template match="page[@name='invite' or @name='token-refused' or @name='forgot' or @name='unsubscribe']" mode="flash"/>

  <xsl:template match="page[@name='invite']" mode="main">
    <section class="auth">
      <div class="auth-card card">
        <div class="auth-brand">
          <xsl:call-template name="brand-mark"/>
          <span class="brand-name"><xsl:value-of select="$brand-name"/></span>
        </div>
        <xsl:choose>
          <xsl:when test="invite/@purpose = 'reset'">
            <h1 class="auth-title">Choose a new password</h1>
            <p class="auth-sub">For <strong><xsl:value-of select="invite/@email"/></strong>. Setting it signs you out everywhere else.</p>
          </xsl:when>
          <xsl:otherwise>
            <h1 class="auth-title">Set your password</h1>
            <p class="auth-sub">Welcome, <xsl:value-of select="invite/@name"/>. You will sign in as
              <strong><xsl:value-of select="invite/@email"/></strong>.</p>
          </xsl:otherwise>
        </xsl:choose>
        <form method="post" action="/{invite/@purpose}/{invite/@token}" class="form">
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'invite'"/></xsl:call-template>
          <input type="hidden" name="nonce" value="{invite/@nonce}"/>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'invite'"/>
            <xsl:with-param name="name" select="'password'"/>
            <xsl:with-param name="label" select="'New password'"/>
            <xsl:with-param name="type" select="'password'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="hint" select="'At least 10 characters.'"/>
            <xsl:with-param name="autocomplete" select="'new-password'"/>
            <xsl:with-param name="autofocus" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'invite'"/>
            <xsl:with-param name="name" select="'password2'"/>
            <xsl:with-param name="label" select="'New password again'"/>
            <xsl:with-param name="type" select="'password'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="autocomplete" select="'new-password'"/>
          </xsl:call-template>
          <button type="submit" class="btn btn-primary btn-block">Set password</button>
        </form>
      </div>
    </section>
  </xsl:template>

  <!-- "Forgot password?": the e-mail, and the same answer whatever it is (the flash) -->
  <xsl:template match="page[@name='forgot']" mode="main">
    <section class="auth">
      <div class="auth-card card">
        <div class="auth-brand">
          <xsl:call-template name="brand-mark"/>
          <span class="brand-name"><xsl:value-of select="$brand-name"/></span>
        </div>
        <h1 class="auth-title">Forgot your password?</h1>
        <p class="auth-sub">Enter the e-mail you sign in with. If it has an account, we send it a link to choose a new password.</p>
        <xsl:apply-templates select="flash"/>
        <form method="post" action="/password/forgot" class="form">
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'forgot'"/></xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'forgot'"/>
            <xsl:with-param name="name" select="'email'"/>
            <xsl:with-param name="label" select="'E-mail'"/>
            <xsl:with-param name="type" select="'email'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="autocomplete" select="'username'"/>
            <xsl:with-param name="autofocus" select="true()"/>
          </xsl:call-template>
          <button type="submit" class="btn btn-primary btn-block">Send the link</button>
        </form>
      </div>
      <p class="auth-foot"><a href="/login">Back to sign in</a></p>
    </section>
  </xsl:template>

  <xsl:template match="page[@name='token-refused']" mode="main">
    <section class="auth">
      <div class="auth-card card">
        <div class="auth-brand">
          <xsl:call-template name="brand-mark"/>
          <span class="brand-name"><xsl:value-of select="$brand-name"/></span>
        </div>
        <h1 class="auth-title"><xsl:value-of select="@title"/></h1>
        <p class="auth-sub" id="refused"><xsl:value-of select="refused"/></p>
        <p><a href="/login">Sign in</a></p>
      </div>
    </section>
  </xsl:template>

  <!-- A notification e-mail's unsubscribe link: a GET only asks (mail scanners open links),
       the button (or the mail provider's one-click POST) does it. -->
  <xsl:template match="page[@name='unsubscribe']" mode="main">
    <xsl:variable name="u" select="unsubscribe"/>
    <section class="auth">
      <div class="auth-card card">
        <div class="auth-brand">
          <xsl:call-template name="brand-mark"/>
          <span class="brand-name"><xsl:value-of select="$brand-name"/></span>
        </div>
        <xsl:choose>
          <xsl:when test="$u/@done = '1'">
            <h1 class="auth-title">You are unsubscribed</h1>
            <p class="auth-sub" id="unsubscribed"><strong><xsl:value-of select="$u/@email"/></strong> gets
              <xsl:choose>
                <xsl:when test="$u/@kind = 'digest'">no more digest e-mails.</xsl:when>
                <xsl:otherwise>no more e-mails about &#8220;<xsl:value-of select="$u/@label"/>&#8221;.</xsl:otherwise>
              </xsl:choose>
              The notifications in the app stay; you can turn the e-mails on again in your notification settings.</p>
          </xsl:when>
          <xsl:otherwise>
            <h1 class="auth-title">Unsubscribe?</h1>
            <p class="auth-sub">
              <xsl:choose>
                <xsl:when test="$u/@kind = 'digest'">Stop the digest e-mails to <strong><xsl:value-of select="$u/@email"/></strong>: what goes into them is no longer e-mailed.</xsl:when>
                <xsl:otherwise>Stop the e-mails about &#8220;<xsl:value-of select="$u/@label"/>&#8221; to <strong><xsl:value-of select="$u/@email"/></strong>.</xsl:otherwise>
              </xsl:choose>
              Other e-mails, and the notifications in the app, stay.</p>
            <form method="post" action="/unsubscribe/{$u/@token}" class="form">
              <input type="hidden" name="List-Unsubscribe" value="One-Click"/>
              <button type="submit" class="btn btn-primary btn-block">Unsubscribe</button>
            </form>
          </xsl:otherwise>
        </xsl:choose>
      </div>
      <p class="auth-foot"><a href="/login">Sign in</a></p>
    </section>
  </xsl:template>

  <xsl:template match="page[@name='brand']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="settings" select="true()"/>
      <xsl:with-param name="title" select="'Branding'"/>
      <xsl:with-param name="sub">Your agency's name, logo and colour, shown to clients in the portal, on approval and survey pages and in e-mails.</xsl:with-param>
    </xsl:call-template>
    <section class="card">
      <form method="post" action="/settings/brand" enctype="multipart/form-data" class="form card-body">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'brand'"/></xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'brand'"/>
          <xsl:with-param name="name" select="'name'"/>
          <xsl:with-param name="label" select="'Agency name'"/>
          <xsl:with-param name="value" select="brand-form/@name"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'brand'"/>
          <xsl:with-param name="name" select="'accent'"/>
          <xsl:with-param name="label" select="'Accent colour'"/>
          <xsl:with-param name="value" select="brand-form/@accent"/>
          <xsl:with-param name="hint" select="'Like #2f6fde.'"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <xsl:variable name="logo-error" select="/page/form-state[@for = 'brand']/error[@field = 'logo'][1]"/>
        <div class="field field-file">
          <xsl:if test="$logo-error"><xsl:attribute name="class">field field-file has-error</xsl:attribute></xsl:if>
          <label for="brand-logo">Logo</label>
          <xsl:if test="string(brand-form/@logo) != ''">
            <p class="brand-logo-current"><img class="brand-logo" src="{brand-form/@logo}" alt="The current logo"/></p>
          </xsl:if>
          <input type="file" id="brand-logo" name="logo" accept="image/png,image/jpeg,image/gif,image/webp" aria-describedby="brand-logo-hint">
            <xsl:if test="$logo-error"><xsl:attribute name="aria-invalid">true</xsl:attribute><xsl:attribute name="aria-describedby">brand-logo-hint brand-logo-err</xsl:attribute></xsl:if>
          </input>
          <p class="hint" id="brand-logo-hint">PNG, JPEG, GIF or WebP, at most 512 KiB. Leave empty to keep the current one.</p>
          <xsl:if test="$logo-error"><p class="field-error" id="brand-logo-err"><xsl:value-of select="$logo-error"/></p></xsl:if>
        </div>
        <xsl:if test="string(brand-form/@logo) != ''">
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'brand'"/>
            <xsl:with-param name="name" select="'remove_logo'"/>
            <xsl:with-param name="label" select="'Remove the logo'"/>
            <xsl:with-param name="type" select="'checkbox'"/>
          </xsl:call-template>
        </xsl:if>
        <button type="submit" class="btn btn-primary">Save</button>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
