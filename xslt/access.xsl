<?xml version="1.0" encoding="UTF-8"?>
<!--
  access.xsl - the client side's access pages:
    invite          <invite name email token nonce/>; form "invite" POST /invite/{token}
                    (password, password2, nonce - no session, no csrf)
    token-refused   <refused>why</refused>: a used, expired, withdrawn or unknown link
    brand           <brand-form name accent/>; form "brand" POST /settings/brand (admin)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template match="page[@name='invite' or @name='token-refused']" mode="flash"/>

  <xsl:template match="page[@name='invite']" mode="main">
    <section class="auth">
      <div class="auth-card card">
        <div class="auth-brand">
          <xsl:call-template name="brand-mark"/>
          <span class="brand-name"><xsl:value-of select="$brand-name"/></span>
        </div>
        <h1 class="auth-title">Set your password</h1>
        <p class="auth-sub">Welcome, <xsl:value-of select="invite/@name"/>. You will sign in as
          <strong><xsl:value-of select="invite/@email"/></strong>.</p>
        <form method="post" action="/invite/{invite/@token}" class="form">
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

  <xsl:template match="page[@name='brand']" mode="main">
    <div class="page-head">
      <div class="page-head-text">
        <p class="eyebrow">Settings</p>
        <h1>Branding</h1>
        <p class="page-sub">Your agency's name and colour, shown to clients in the portal, on approval and survey pages and in e-mails.</p>
      </div>
    </div>
    <section class="card">
      <form method="post" action="/settings/brand" class="form">
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
        <button type="submit" class="btn btn-primary">Save</button>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
