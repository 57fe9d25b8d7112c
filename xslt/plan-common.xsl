<?xml version="1.0" encoding="UTF-8"?>
<!--
  plan-common.xsl - planning pieces shared by projects.xsl and plan.xsl (xsl:include'd).
    heatmap     context: a <heatmap> with 25 <cell probability impact score count level x y tx ty/>
                (positions computed in C) → the 5×5 risk heat map as inline SVG.
    plan-tabs   project (element), current ('tasks'|'gantt'|'risks'|'changes'|'delays'|'calendar'|'reports')
                → the project's planning navigation.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="heatmap">
    <svg class="heatmap" viewBox="0 0 290 280" width="290" height="280" role="img" aria-labelledby="heatmap-title">
      <title id="heatmap-title">Risk heat map: probability (rows) by impact (columns); open risks counted per cell</title>
      <xsl:for-each select="cell">
        <rect class="hm-cell hm-{@level}" x="{@x}" y="{@y}" width="46" height="46" rx="4"/>
        <xsl:if test="@count &gt; 0">
          <text class="hm-count" x="{@tx}" y="{@ty}" text-anchor="middle"><xsl:value-of select="@count"/></text>
        </xsl:if>
      </xsl:for-each>
      <text class="hm-axis" x="29" y="28" text-anchor="middle">5</text>
      <text class="hm-axis" x="29" y="76" text-anchor="middle">4</text>
      <text class="hm-axis" x="29" y="124" text-anchor="middle">3</text>
      <text class="hm-axis" x="29" y="172" text-anchor="middle">2</text>
      <text class="hm-axis" x="29" y="220" text-anchor="middle">1</text>
      <text class="hm-axis" x="63" y="256" text-anchor="middle">1</text>
      <text class="hm-axis" x="111" y="256" text-anchor="middle">2</text>
      <text class="hm-axis" x="159" y="256" text-anchor="middle">3</text>
      <text class="hm-axis" x="207" y="256" text-anchor="middle">4</text>
      <text class="hm-axis" x="255" y="256" text-anchor="middle">5</text>
      <text class="hm-title" x="159" y="276" text-anchor="middle">Impact →</text>
      <text class="hm-title" x="12" y="120" text-anchor="middle" transform="rotate(-90 12 120)">Probability →</text>
    </svg>
  </xsl:template>

  <xsl:template name="plan-tabs">
    <xsl:param name="project"/>
    <xsl:param name="current"/>
    <nav class="plan-tabs" aria-label="Project planning">
      <a href="/projects/{$project/@id}" class="plan-tab">
        <xsl:if test="$current = 'overview'"><xsl:attribute name="class">plan-tab is-current</xsl:attribute><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:text>Overview</xsl:text>
      </a>
      <a href="/projects/{$project/@id}/tasks" class="plan-tab">
        <xsl:if test="$current = 'tasks'"><xsl:attribute name="class">plan-tab is-current</xsl:attribute><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:text>Tasks</xsl:text>
      </a>
      <a href="/projects/{$project/@id}/gantt" class="plan-tab">
        <xsl:if test="$current = 'gantt'"><xsl:attribute name="class">plan-tab is-current</xsl:attribute><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:text>Gantt</xsl:text>
      </a>
      <a href="/projects/{$project/@id}/risks" class="plan-tab">
        <xsl:if test="$current = 'risks'"><xsl:attribute name="class">plan-tab is-current</xsl:attribute><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:text>Risks</xsl:text>
      </a>
      <a href="/projects/{$project/@id}/changes" class="plan-tab">
        <xsl:if test="$current = 'changes'"><xsl:attribute name="class">plan-tab is-current</xsl:attribute><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:text>Changes</xsl:text>
      </a>
      <a href="/projects/{$project/@id}/delays" class="plan-tab">
        <xsl:if test="$current = 'delays'"><xsl:attribute name="class">plan-tab is-current</xsl:attribute><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:text>Client delays</xsl:text>
      </a>
      <a href="/projects/{$project/@id}/budget" class="plan-tab">Budget</a>
      <xsl:if test="$can-manage"><a href="/projects/{$project/@id}/time" class="plan-tab">Time report</a></xsl:if>
      <a href="/projects/{$project/@id}/documents" class="plan-tab">
        <xsl:if test="$current = 'documents'"><xsl:attribute name="class">plan-tab is-current</xsl:attribute><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:text>Documents</xsl:text>
      </a>
      <a href="/projects/{$project/@id}/messages" class="plan-tab">
        <xsl:if test="$current = 'messages'"><xsl:attribute name="class">plan-tab is-current</xsl:attribute><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:text>Messages</xsl:text>
      </a>
      <a href="/projects/{$project/@id}/surveys" class="plan-tab">
        <xsl:if test="$current = 'surveys'"><xsl:attribute name="class">plan-tab is-current</xsl:attribute><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:text>Satisfaction</xsl:text>
      </a>
      <a href="/projects/{$project/@id}/status-reports" class="plan-tab">
        <xsl:if test="$current = 'reports'"><xsl:attribute name="class">plan-tab is-current</xsl:attribute><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
        <xsl:text>Status reports</xsl:text>
      </a>
      <xsl:if test="$can-manage">
        <a href="/projects/{$project/@id}/calendar" class="plan-tab">
          <xsl:if test="$current = 'calendar'"><xsl:attribute name="class">plan-tab is-current</xsl:attribute><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>
          <xsl:text>Calendar feed</xsl:text>
        </a>
      </xsl:if>
    </nav>
  </xsl:template>

</xsl:stylesheet>
