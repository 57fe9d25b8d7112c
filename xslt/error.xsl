<?xml version="1.0" encoding="UTF-8"?>
<!-- error.xsl - the error page: <error status="404" title="Not found">Plain message.</error> -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template match="page[@name='error']" mode="main">
    <xsl:variable name="e" select="error"/>
    <section class="error-page">
      <p class="error-status"><xsl:value-of select="$e/@status"/></p>
      <h1>
        <xsl:choose>
          <xsl:when test="normalize-space($e/@title) != ''"><xsl:value-of select="$e/@title"/></xsl:when>
          <xsl:when test="normalize-space(@title) != ''"><xsl:value-of select="@title"/></xsl:when>
          <xsl:otherwise>Something went wrong</xsl:otherwise>
        </xsl:choose>
      </h1>
      <xsl:if test="normalize-space($e) != ''">
        <p class="error-message"><xsl:value-of select="$e"/></p>
      </xsl:if>
      <p class="error-actions">
        <xsl:choose>
          <xsl:when test="$role = 'client'"><a class="btn btn-primary" href="/portal">Back to the portal</a></xsl:when>
          <xsl:when test="$is-staff"><a class="btn btn-primary" href="/">Back to the dashboard</a></xsl:when>
          <xsl:otherwise><a class="btn btn-primary" href="/login">Sign in</a></xsl:otherwise>
        </xsl:choose>
      </p>
    </section>
  </xsl:template>

</xsl:stylesheet>
