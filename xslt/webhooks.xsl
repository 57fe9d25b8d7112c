<?xml version="1.0" encoding="UTF-8"?>
<!--
  webhooks.xsl - events out and mail in (admins): webhook endpoints, one endpoint's delivery log,
  HubSpot, the mailbox.
    webhook-list  <endpoints><endpoint id name url kind events enabled disabled-reason failing-since
                  pending dead/>…</endpoints><options allow-private-targets/><event-types><type name/>…;
                  forms "endpoint" POST /settings/webhooks, "options" POST /settings/webhooks/options
    webhook       <endpoint id name url kind events enabled disabled-reason failing-since created-at>
                  [<secret>whsec_…</secret> once]</endpoint>
                  <deliveries><delivery id event-id type state tries last-status last-error created-at
                  next-at done-at><attempt at status latency-ms response error/>…</delivery>…</deliveries>
                  <pager/>; POST /settings/webhooks/{id}, …/enabled, …/test, /deliveries/{id}/replay
    hubspot       <hubspot token-set client-secret-set base-url pipeline webhook-url>
                  <stage name remote/>×6 <pipeline-stages>…</pipeline-stages></hubspot>; form "hubspot"
    mailbox       <mailbox host port tls user password-set address folder done-folder interval-s
                  configured uidvalidity last-uid stored waiting last-at/>; form "mailbox"
                  POST /settings/mailbox (the IMAP mailbox mail comes in from, issue 14)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:template name="endpoint-state">
    <xsl:param name="e"/>
    <xsl:choose>
      <xsl:when test="$e/@enabled = '1' and normalize-space($e/@failing-since) != ''"><span class="badge health-amber">Failing since <xsl:call-template name="date"><xsl:with-param name="iso" select="$e/@failing-since"/></xsl:call-template></span></xsl:when>
      <xsl:when test="$e/@enabled = '1'"><span class="badge status-on"><span class="dot" aria-hidden="true"></span>Enabled</span></xsl:when>
      <xsl:when test="$e/@disabled-reason = 'gone'"><span class="badge status-off">Off: the receiver answered 410 Gone</span></xsl:when>
      <xsl:when test="$e/@disabled-reason = 'failing'"><span class="badge status-off">Off: failing for 3 days</span></xsl:when>
      <xsl:otherwise><span class="badge status-off"><span class="dot" aria-hidden="true"></span>Disabled</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="event-boxes">
    <xsl:param name="selected" select="''"/>
    <fieldset class="field">
      <legend>Events <span class="muted">(none ticked: every event)</span></legend>
      <xsl:for-each select="/page/event-types/type">
        <label class="checkbox">
          <input type="checkbox" name="events" value="{@name}">
            <xsl:if test="contains(concat(',', $selected, ','), concat(',', @name, ','))"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <xsl:text> </xsl:text><code><xsl:value-of select="@name"/></code>
        </label>
      </xsl:for-each>
    </fieldset>
  </xsl:template>

  <!-- ============================================================ list -->

  <xsl:template match="page[@name='webhook-list']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="settings" select="true()"/>
      <xsl:with-param name="title" select="'Webhooks'"/>
      <xsl:with-param name="sub" select="'Signed event deliveries (Standard Webhooks) to the systems you name, retried for a day.'"/>
    </xsl:call-template>

    <section class="card">
      <xsl:choose>
        <xsl:when test="endpoints/endpoint">
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th scope="col">Endpoint</th><th scope="col">Kind</th><th scope="col">State</th><th scope="col" class="num">Pending</th><th scope="col" class="num">Dead</th></tr></thead>
              <tbody>
                <xsl:for-each select="endpoints/endpoint">
                  <tr>
                    <td><a class="row-title" href="/settings/webhooks/{@id}"><xsl:value-of select="@name"/></a>
                      <span class="row-sub"><xsl:value-of select="@url"/></span></td>
                    <td><xsl:value-of select="@kind"/></td>
                    <td><xsl:call-template name="endpoint-state"><xsl:with-param name="e" select="."/></xsl:call-template></td>
                    <td class="num"><xsl:value-of select="@pending"/></td>
                    <td class="num"><xsl:value-of select="@dead"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty-state"><xsl:with-param name="title" select="'No endpoints yet'"/></xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>

    <section class="card card-narrow" id="new-endpoint" aria-labelledby="new-endpoint-h">
      <div class="card-head"><h2 id="new-endpoint-h">New endpoint</h2></div>
      <form method="post" action="/settings/webhooks" class="form card-body">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'endpoint'"/></xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'endpoint'"/><xsl:with-param name="name" select="'name'"/>
          <xsl:with-param name="label" select="'Name'"/><xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'endpoint'"/><xsl:with-param name="name" select="'url'"/>
          <xsl:with-param name="label" select="'URL'"/><xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="placeholder" select="'https://example.com/hooks/tandem'"/>
        </xsl:call-template>
        <xsl:call-template name="event-boxes"/>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'endpoint'"/><xsl:with-param name="name" select="'secret'"/>
          <xsl:with-param name="label" select="'Secret (optional)'"/><xsl:with-param name="type" select="'password'"/>
          <xsl:with-param name="hint" select="'Leave empty and Tandem makes one (whsec_…), shown once on the next page.'"/>
        </xsl:call-template>
        <div class="form-actions"><button type="submit" class="btn btn-primary">Add endpoint</button></div>
      </form>
    </section>

    <section class="card card-narrow" aria-labelledby="options-h">
      <div class="card-head"><h2 id="options-h">Options</h2></div>
      <form method="post" action="/settings/webhooks/options" class="form card-body">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'options'"/></xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'options'"/><xsl:with-param name="name" select="'allow_private_targets'"/>
          <xsl:with-param name="label" select="'Allow loopback and private network targets'"/>
          <xsl:with-param name="type" select="'checkbox'"/>
          <xsl:with-param name="value" select="string(options/@allow-private-targets)"/>
          <xsl:with-param name="hint" select="'Off in production: a webhook must not reach into your own network.'"/>
        </xsl:call-template>
        <div class="form-actions"><button type="submit" class="btn">Save options</button></div>
      </form>
    </section>
  </xsl:template>

  <!-- ============================================================ one endpoint -->

  <xsl:template match="page[@name='webhook']" mode="main">
    <xsl:variable name="e" select="endpoint"/>
    <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/settings/webhooks">Webhooks</a></nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="string($e/@name)"/>
      <xsl:with-param name="meta">
        <span class="meta-item"><code><xsl:value-of select="$e/@url"/></code></span>
        <span class="meta-item"><xsl:call-template name="endpoint-state"><xsl:with-param name="e" select="$e"/></xsl:call-template></span>
      </xsl:with-param>
      <xsl:with-param name="actions">
        <xsl:if test="$e/@kind = 'generic'">
          <form method="post" action="/settings/webhooks/{$e/@id}/test" class="inline-form">
            <xsl:call-template name="csrf"/>
            <button type="submit" class="btn">Send test event</button>
          </form>
        </xsl:if>
        <form method="post" action="/settings/webhooks/{$e/@id}/enabled" class="inline-form">
          <xsl:call-template name="csrf"/>
          <xsl:choose>
            <xsl:when test="$e/@enabled = '1'"><input type="hidden" name="enabled" value="0"/><button type="submit" class="btn btn-danger">Disable</button></xsl:when>
            <xsl:otherwise><input type="hidden" name="enabled" value="1"/><button type="submit" class="btn btn-primary">Enable</button></xsl:otherwise>
          </xsl:choose>
        </form>
      </xsl:with-param>
    </xsl:call-template>

    <xsl:if test="$e/secret">
      <section class="card card-narrow" aria-labelledby="secret-h">
        <div class="card-head"><h2 id="secret-h">Signing secret</h2></div>
        <div class="card-body">
          <p>Copy it now: it is not shown again.</p>
          <p><code class="secret"><xsl:value-of select="$e/secret"/></code></p>
        </div>
      </section>
    </xsl:if>

    <section class="card" aria-labelledby="log-h">
      <div class="card-head"><h2 id="log-h">Delivery log</h2></div>
      <xsl:choose>
        <xsl:when test="deliveries/delivery">
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th scope="col">Event</th><th scope="col">State</th><th scope="col">Attempts</th><th scope="col"></th></tr></thead>
              <tbody>
                <xsl:for-each select="deliveries/delivery">
                  <tr>
                    <td><code><xsl:value-of select="@type"/></code><span class="row-sub"><xsl:value-of select="@event-id"/> · <xsl:call-template name="date"><xsl:with-param name="iso" select="@created-at"/></xsl:call-template></span></td>
                    <td><span class="badge neutral delivery-{@state}"><xsl:value-of select="@state"/></span>
                      <xsl:if test="@state = 'pending' and @tries != '0'"><span class="row-sub">next <xsl:call-template name="date"><xsl:with-param name="iso" select="@next-at"/></xsl:call-template></span></xsl:if></td>
                    <td>
                      <ol class="attempts">
                        <xsl:for-each select="attempt">
                          <li><xsl:call-template name="date"><xsl:with-param name="iso" select="@at"/></xsl:call-template>
                            · <xsl:choose><xsl:when test="normalize-space(@status) != ''">HTTP <xsl:value-of select="@status"/></xsl:when><xsl:otherwise>no answer</xsl:otherwise></xsl:choose>
                            · <xsl:value-of select="@latency-ms"/> ms
                            <xsl:if test="normalize-space(@error) != ''"> · <xsl:value-of select="@error"/></xsl:if>
                            <xsl:if test="normalize-space(@response) != ''"><pre class="excerpt"><xsl:value-of select="@response"/></pre></xsl:if>
                          </li>
                        </xsl:for-each>
                      </ol>
                    </td>
                    <td>
                      <xsl:if test="@state != 'pending'">
                        <form method="post" action="/deliveries/{@id}/replay" class="inline-form">
                          <xsl:call-template name="csrf"/>
                          <button type="submit" class="btn btn-ghost">Replay</button>
                        </form>
                      </xsl:if>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty-state"><xsl:with-param name="title" select="'Nothing delivered yet'"/></xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>
    <xsl:apply-templates select="pager"/>

    <xsl:if test="$e/@kind = 'generic'">
      <section class="card card-narrow" aria-labelledby="edit-h">
        <div class="card-head"><h2 id="edit-h">Endpoint</h2></div>
        <form method="post" action="/settings/webhooks/{$e/@id}" class="form card-body">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'endpoint'"/></xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'endpoint'"/><xsl:with-param name="name" select="'name'"/>
            <xsl:with-param name="label" select="'Name'"/><xsl:with-param name="value" select="string($e/@name)"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'endpoint'"/><xsl:with-param name="name" select="'url'"/>
            <xsl:with-param name="label" select="'URL'"/><xsl:with-param name="value" select="string($e/@url)"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <xsl:call-template name="event-boxes"><xsl:with-param name="selected" select="string($e/@events)"/></xsl:call-template>
          <div class="form-actions"><button type="submit" class="btn btn-primary">Save changes</button></div>
        </form>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ HubSpot -->

  <xsl:template match="page[@name='hubspot']" mode="main">
    <xsl:variable name="h" select="hubspot"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="settings" select="true()"/>
      <xsl:with-param name="title" select="'HubSpot'"/>
      <xsl:with-param name="sub" select="'Clients become companies, projects deals, decisions and reports notes on the deal. A deal won in HubSpot opens a project here.'"/>
    </xsl:call-template>
    <section class="card card-narrow" aria-labelledby="hs-h">
      <div class="card-head"><h2 id="hs-h">Connection</h2></div>
      <form method="post" action="/settings/hubspot" class="form card-body">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'hubspot'"/></xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'hubspot'"/><xsl:with-param name="name" select="'token'"/>
          <xsl:with-param name="label" select="'Private-app token'"/><xsl:with-param name="type" select="'password'"/>
          <xsl:with-param name="hint"><xsl:choose><xsl:when test="$h/@token-set = '1'">A token is stored; leave empty to keep it.</xsl:when><xsl:otherwise>Scopes: crm.objects.companies.write, crm.objects.deals.write, crm.objects.deals.read, crm.objects.companies.read.</xsl:otherwise></xsl:choose></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'hubspot'"/><xsl:with-param name="name" select="'client_secret'"/>
          <xsl:with-param name="label" select="'App client secret (inbound webhooks)'"/><xsl:with-param name="type" select="'password'"/>
          <xsl:with-param name="hint"><xsl:choose><xsl:when test="$h/@client-secret-set = '1'">A secret is stored; leave empty to keep it.</xsl:when><xsl:otherwise>Target URL for HubSpot: <xsl:value-of select="$h/@webhook-url"/></xsl:otherwise></xsl:choose></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'hubspot'"/><xsl:with-param name="name" select="'base_url'"/>
          <xsl:with-param name="label" select="'API base URL'"/><xsl:with-param name="value" select="string($h/@base-url)"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'hubspot'"/><xsl:with-param name="name" select="'pipeline'"/>
          <xsl:with-param name="label" select="'Deal pipeline id'"/><xsl:with-param name="value" select="string($h/@pipeline)"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <fieldset>
          <legend>Deal stage for each project stage</legend>
          <xsl:for-each select="$h/stage">
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'hubspot'"/><xsl:with-param name="name" select="concat('stage_', @name)"/>
              <xsl:with-param name="label" select="translate(@name, '_', ' ')"/><xsl:with-param name="value" select="string(@remote)"/>
              <xsl:with-param name="required" select="true()"/>
            </xsl:call-template>
          </xsl:for-each>
          <xsl:if test="normalize-space($h/pipeline-stages) != ''"><p class="hint">Stages of the pipeline (from HubSpot): <code><xsl:value-of select="$h/pipeline-stages"/></code></p></xsl:if>
        </fieldset>
        <div class="form-actions"><button type="submit" class="btn btn-primary">Save</button></div>
      </form>
    </section>
  </xsl:template>

  <!-- ============================================================ mailbox -->

  <xsl:template match="page[@name='mailbox']" mode="main">
    <xsl:variable name="m" select="mailbox"/>
    <xsl:call-template name="page-head">
      <xsl:with-param name="settings" select="true()"/>
      <xsl:with-param name="title" select="'Mailbox'"/>
      <xsl:with-param name="sub" select="'The IMAP mailbox Tandem reads: replies to its e-mails and client mail forwarded to it. Read mail is moved to the done folder.'"/>
    </xsl:call-template>
    <section class="card card-narrow" aria-labelledby="mb-h">
      <div class="card-head"><h2 id="mb-h">Connection</h2></div>
      <form method="post" action="/settings/mailbox" class="form card-body">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'mailbox'"/></xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'mailbox'"/><xsl:with-param name="name" select="'host'"/>
          <xsl:with-param name="label" select="'Host'"/><xsl:with-param name="value" select="string($m/@host)"/>
          <xsl:with-param name="required" select="true()"/><xsl:with-param name="placeholder" select="'imap.example.com'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'mailbox'"/><xsl:with-param name="name" select="'port'"/>
          <xsl:with-param name="label" select="'Port'"/><xsl:with-param name="type" select="'number'"/>
          <xsl:with-param name="value" select="string($m/@port)"/><xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="min" select="'1'"/><xsl:with-param name="hint" select="'993 for TLS, 143 for STARTTLS or none.'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'mailbox'"/><xsl:with-param name="name" select="'tls'"/>
          <xsl:with-param name="label" select="'Security'"/><xsl:with-param name="type" select="'select'"/>
          <xsl:with-param name="value" select="string($m/@tls)"/><xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="choices" select="'tls=TLS (imaps)|starttls=STARTTLS|none=None (a server on this machine only)'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'mailbox'"/><xsl:with-param name="name" select="'user'"/>
          <xsl:with-param name="label" select="'User name'"/><xsl:with-param name="value" select="string($m/@user)"/>
          <xsl:with-param name="required" select="true()"/><xsl:with-param name="autocomplete" select="'off'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'mailbox'"/><xsl:with-param name="name" select="'password'"/>
          <xsl:with-param name="label" select="'Password'"/><xsl:with-param name="type" select="'password'"/>
          <xsl:with-param name="autocomplete" select="'new-password'"/>
          <xsl:with-param name="hint"><xsl:choose><xsl:when test="$m/@password-set = '1'">A password is stored; leave empty to keep it.</xsl:when><xsl:otherwise>No password is stored yet.</xsl:otherwise></xsl:choose></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'mailbox'"/><xsl:with-param name="name" select="'address'"/>
          <xsl:with-param name="label" select="'Address'"/><xsl:with-param name="type" select="'email'"/>
          <xsl:with-param name="value" select="string($m/@address)"/><xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="hint" select="'The mailbox’s own e-mail address: replies come to it.'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'mailbox'"/><xsl:with-param name="name" select="'folder'"/>
          <xsl:with-param name="label" select="'Folder'"/><xsl:with-param name="value" select="string($m/@folder)"/>
          <xsl:with-param name="required" select="true()"/><xsl:with-param name="hint" select="'Where new mail is read from.'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'mailbox'"/><xsl:with-param name="name" select="'done_folder'"/>
          <xsl:with-param name="label" select="'Done folder'"/><xsl:with-param name="value" select="string($m/@done-folder)"/>
          <xsl:with-param name="required" select="true()"/><xsl:with-param name="hint" select="'Read mail is moved here (made when missing).'"/>
        </xsl:call-template>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'mailbox'"/><xsl:with-param name="name" select="'interval_s'"/>
          <xsl:with-param name="label" select="'Interval (seconds)'"/><xsl:with-param name="type" select="'number'"/>
          <xsl:with-param name="value" select="string($m/@interval-s)"/><xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="min" select="'10'"/><xsl:with-param name="hint" select="'How often the mailbox is looked at: 10 to 3600.'"/>
        </xsl:call-template>
        <div class="form-actions"><button type="submit" class="btn btn-primary">Save</button></div>
      </form>
    </section>
    <section class="card card-narrow" aria-labelledby="mb-state-h">
      <div class="card-head"><h2 id="mb-state-h">Mail read</h2></div>
      <div class="card-body">
        <dl class="facts">
          <dt>State</dt>
          <dd><xsl:choose><xsl:when test="$m/@configured = '1'">Read every <xsl:value-of select="$m/@interval-s"/> s</xsl:when><xsl:otherwise>Not connected</xsl:otherwise></xsl:choose></dd>
          <dt>Messages stored</dt>
          <dd><xsl:value-of select="$m/@stored"/><xsl:if test="$m/@waiting &gt; 0"> (<xsl:value-of select="$m/@waiting"/> not handled yet)</xsl:if></dd>
          <dt>Last one</dt>
          <dd><xsl:call-template name="date"><xsl:with-param name="iso" select="string($m/@last-at)"/></xsl:call-template></dd>
          <dt>Read up to</dt>
          <dd><xsl:choose><xsl:when test="string($m/@uidvalidity) != ''">UID <xsl:value-of select="$m/@last-uid"/> (UIDVALIDITY <xsl:value-of select="$m/@uidvalidity"/>)</xsl:when><xsl:otherwise>—</xsl:otherwise></xsl:choose></dd>
        </dl>
      </div>
    </section>
  </xsl:template>

</xsl:stylesheet>
