<?xml version="1.0" encoding="UTF-8"?>
<!--
  format.xsl - values written as text, the same on every page (included by layout.xsl).

  Templates (parameters)
    money             amount (integer minor units), currency (ISO 4217 code)
                      → "€12,500.00", "$3,000.00", "£80.00", "CHF 1,200.00", "-€5.00";
                      JPY/KRW/… have no decimals, BHD/KWD/… three; empty or not a number → "—".
    signed-money      amount, currency → "+€1,200.00" / "−€1,200.00" (change request impacts).
    hours             minutes → h:mm, the one duration format of every page: 1 → "0:01",
                      465 → "7:45", 90030 → "1,500:30", -960 → "-16:00"; empty → "—".
    signed-hours      minutes → "+8:00 h" / "−8:00 h".
    file-size         bytes → "812 bytes", "14 KB", "2.5 MB" (one decimal at most).
    date              iso ("2026-11-22", "2026-11-22 14:03:00" or with "T")
                      → "22 Nov 2026" / "22 Nov 2026, 14:03"; time ('') 'no' drops the time
                      of day; empty → "—".
    capitalise        s → s with its first letter upper-cased.
  Also the decimal-format 'tandem' (NaN shown as "—") and $money-formats, the table of
  currency formats time.xsl looks codes up in.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

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

</xsl:stylesheet>
