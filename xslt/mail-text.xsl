<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail-text.xsl - the plain-text part of every e-mail: the templates of mail.xsl in mode
  "text", from the same document as the HTML part, signed with the brand's name.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="mail.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/">
    <xsl:apply-templates select="mail/*" mode="text"/>
    <xsl:text>&#10;-- &#10;</xsl:text>
    <xsl:value-of select="$brand"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>
</xsl:stylesheet>
