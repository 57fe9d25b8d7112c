<?xml version="1.0" encoding="UTF-8"?>
<!-- login.xsl - the sign-in page: <login next="/projects/3"/>; form id "login", no csrf field -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <!-- the flash goes inside the card, not above it -->
  <xsl:template match="page[@name='login']" mode="flash"/>

  <xsl:template match="page[@name='login']" mode="main">
    <section class="auth">
      <div class="auth-card card">
        <div class="auth-brand">
          <xsl:call-template name="brand-mark"/>
          <span class="brand-name"><xsl:value-of select="$brand-name"/></span>
        </div>
        <h1 class="auth-title">Sign in</h1>
        <p class="auth-sub">Welcome back. Sign in to continue.</p>
        <xsl:apply-templates select="flash"/>
        <form method="post" action="/login" class="form">
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'login'"/></xsl:call-template>
          <input type="hidden" name="next" value="{login/@next}"/>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'login'"/>
            <xsl:with-param name="name" select="'email'"/>
            <xsl:with-param name="label" select="'E-mail'"/>
            <xsl:with-param name="type" select="'email'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="autocomplete" select="'username'"/>
            <xsl:with-param name="autofocus" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'login'"/>
            <xsl:with-param name="name" select="'password'"/>
            <xsl:with-param name="label" select="'Password'"/>
            <xsl:with-param name="type" select="'password'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="autocomplete" select="'current-password'"/>
          </xsl:call-template>
          <button type="submit" class="btn btn-primary btn-block">Sign in</button>
        </form>
      </div>
      <p class="auth-foot"><a href="/password/forgot" class="forgot-link">Forgot password?</a></p>
    </section>
  </xsl:template>

</xsl:stylesheet>
