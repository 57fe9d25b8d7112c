<?xml version="1.0" encoding="UTF-8"?>
<!--
  clients.xsl - client organisations.
    client-list  <clients><client id name domain cadence project-count contact-count/>…</clients><pager/>
    client-new   form id "client", POST /clients
    client       <client id name domain cadence notes created-at manage-contacts/><contacts><contact …/></contacts>
                 <projects><project …/></projects><access-choices><choice value name/>…</access-choices>
                 (include/roles.def); edit form id "client" (POST /clients/{id}),
                 add-contact form id "contact" (POST /clients/{id}/contacts); with manage-contacts=1
                 (admin, or PM of the client): per contact forms "contact-access" (POST …/contacts/{id}/access:
                 access) and "contact-active" (POST …/contacts/{id}/active: active 0|1)
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <xsl:variable name="cadence-choices" select="'daily=Daily|weekly=Weekly|biweekly=Fortnightly|monthly=Monthly|none=No regular reports'"/>

  <!-- ============================================================ list -->

  <xsl:template match="page[@name='client-list']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'Clients'"/>
      <xsl:with-param name="sub">
        <xsl:choose>
          <xsl:when test="pager/@total = 0">No clients yet</xsl:when>
          <xsl:when test="pager/@total = 1">1 organisation</xsl:when>
          <xsl:when test="normalize-space(pager/@total) != ''"><xsl:value-of select="format-number(pager/@total, '#,##0')"/> organisations</xsl:when>
          <xsl:otherwise>The organisations you work for.</xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
      <xsl:with-param name="actions">
        <xsl:if test="$can-manage">
          <a class="btn btn-primary" href="/clients/new"><span aria-hidden="true">+ </span>New client</a>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>

    <section class="card">
      <xsl:choose>
        <xsl:when test="clients/client">
          <div class="table-wrap">
            <table class="table t-clients">
              <thead>
                <tr>
                  <th scope="col">Client</th>
                  <th scope="col">Reporting</th>
                  <th scope="col">Projects</th>
                  <th scope="col">Contacts</th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="clients/client">
                  <tr>
                    <td>
                      <a href="/clients/{@id}"><xsl:value-of select="@name"/></a>
                      <xsl:if test="@domain != ''"><span class="row-sub"><xsl:value-of select="@domain"/></span></xsl:if>
                    </td>
                    <td><xsl:call-template name="cadence-label"><xsl:with-param name="cadence" select="string(@cadence)"/></xsl:call-template></td>
                    <td><xsl:value-of select="@project-count"/></td>
                    <td><xsl:value-of select="@contact-count"/></td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'No clients yet'"/>
            <xsl:with-param name="text" select="'Add the organisations you run projects for.'"/>
            <xsl:with-param name="action-href" select="substring('/clients/new', 1, 12 * $can-manage)"/>
            <xsl:with-param name="action-label" select="'New client'"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>
    <xsl:apply-templates select="pager"/>
  </xsl:template>

  <!-- ============================================================ new -->

  <xsl:template match="page[@name='client-new']" mode="main">
    <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/clients">Clients</a></nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="title" select="'New client'"/>
      <xsl:with-param name="sub" select="'An organisation you run projects for. You can add its contacts next.'"/>
    </xsl:call-template>
    <section class="card card-narrow">
      <form method="post" action="/clients" class="form card-body">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'client'"/></xsl:call-template>
        <xsl:call-template name="client-fields"/>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Create client</button>
          <a class="btn btn-ghost" href="/clients">Cancel</a>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- the fields of the client form; c = the client being edited (none for a new one) -->
  <xsl:template name="client-fields">
    <xsl:param name="c" select="/.."/>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="'client'"/>
      <xsl:with-param name="name" select="'name'"/>
      <xsl:with-param name="label" select="'Name'"/>
      <xsl:with-param name="value" select="string($c/@name)"/>
      <xsl:with-param name="required" select="true()"/>
      <xsl:with-param name="autocomplete" select="'organization'"/>
    </xsl:call-template>
    <div class="form-row">
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'client'"/>
        <xsl:with-param name="name" select="'domain'"/>
        <xsl:with-param name="label" select="'Domain'"/>
        <xsl:with-param name="value" select="string($c/@domain)"/>
        <xsl:with-param name="placeholder" select="'acme.com'"/>
        <xsl:with-param name="hint" select="'Used to recognise the client’s e-mail addresses.'"/>
      </xsl:call-template>
      <xsl:call-template name="field">
        <xsl:with-param name="form" select="'client'"/>
        <xsl:with-param name="name" select="'cadence'"/>
        <xsl:with-param name="label" select="'Status reports'"/>
        <xsl:with-param name="type" select="'select'"/>
        <xsl:with-param name="choices" select="$cadence-choices"/>
        <xsl:with-param name="value">
          <xsl:choose>
            <xsl:when test="$c and normalize-space($c/@cadence) != ''"><xsl:value-of select="$c/@cadence"/></xsl:when>
            <xsl:otherwise>weekly</xsl:otherwise>
          </xsl:choose>
        </xsl:with-param>
        <xsl:with-param name="hint" select="'How often the client hears from you.'"/>
      </xsl:call-template>
    </div>
    <xsl:call-template name="field">
      <xsl:with-param name="form" select="'client'"/>
      <xsl:with-param name="name" select="'notes'"/>
      <xsl:with-param name="label" select="'Notes'"/>
      <xsl:with-param name="type" select="'textarea'"/>
      <xsl:with-param name="value" select="string($c/@notes)"/>
      <xsl:with-param name="hint" select="'Internal only: never shown to the client.'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- ============================================================ one client -->

  <xsl:template match="page[@name='client']" mode="main">
    <xsl:variable name="c" select="client"/>
    <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/clients">Clients</a></nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="avatar-class" select="'org-avatar'"/>
      <xsl:with-param name="avatar-letter" select="substring(normalize-space($c/@name), 1, 1)"/>
      <xsl:with-param name="title" select="string($c/@name)"/>
      <xsl:with-param name="meta">
        <xsl:if test="normalize-space($c/@domain) != ''">
          <span class="meta-item"><xsl:value-of select="$c/@domain"/></span>
        </xsl:if>
        <span class="meta-item">
          <xsl:choose>
            <xsl:when test="$c/@cadence = 'none' or normalize-space($c/@cadence) = ''">No regular reports</xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="cadence-label"><xsl:with-param name="cadence" select="string($c/@cadence)"/></xsl:call-template>
              <xsl:text> reports</xsl:text>
            </xsl:otherwise>
          </xsl:choose>
        </span>
        <xsl:if test="normalize-space($c/@created-at) != ''">
          <span class="meta-item">Client since <xsl:call-template name="date"><xsl:with-param name="iso" select="$c/@created-at"/><xsl:with-param name="time" select="'no'"/></xsl:call-template></span>
        </xsl:if>
      </xsl:with-param>
    </xsl:call-template>

    <div class="grid-main-side">
      <xsl:if test="not($can-manage)"><xsl:attribute name="class">grid-single</xsl:attribute></xsl:if>
      <div class="col-main">
        <section class="card" aria-labelledby="projects-h">
          <div class="card-head">
            <h2 id="projects-h">Projects</h2>
            <span class="card-count"><xsl:value-of select="count(projects/project)"/></span>
            <xsl:if test="$can-manage"><a class="btn btn-sm new-project" href="/projects/new?client_id={$c/@id}"><span aria-hidden="true">+ </span>New project</a></xsl:if>
          </div>
          <xsl:choose>
            <xsl:when test="projects/project">
              <xsl:call-template name="project-table"><xsl:with-param name="projects" select="projects/project"/><xsl:with-param name="table" select="'client-projects'"/></xsl:call-template>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="empty-state">
                <xsl:with-param name="title" select="'No projects yet'"/>
                <xsl:with-param name="text" select="'Projects for this client will be listed here.'"/>
                <xsl:with-param name="action-href" select="substring(concat('/projects/new?client_id=', $c/@id), 1, 1000 * $can-manage)"/>
                <xsl:with-param name="action-label" select="'New project'"/>
              </xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
        </section>

        <section class="card" aria-labelledby="contacts-h">
          <div class="card-head">
            <h2 id="contacts-h">Contacts</h2>
            <span class="card-count"><xsl:value-of select="count(contacts/contact)"/></span>
          </div>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'contact-access'"/></xsl:call-template>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'contact-active'"/></xsl:call-template>
          <xsl:choose>
            <xsl:when test="contacts/contact">
              <div class="table-wrap">
                <table class="table t-contacts">
                  <thead>
                    <tr>
                      <th scope="col">Name</th>
                      <th scope="col">E-mail</th>
                      <th scope="col">Access</th>
                      <th scope="col">Portal</th>
                    </tr>
                  </thead>
                  <tbody>
                    <xsl:for-each select="contacts/contact">
                      <tr>
                        <td>
                          <span class="row-title"><xsl:value-of select="@name"/></span>
                          <span class="row-sub"><xsl:value-of select="@email"/></span>
                          <!-- issue 14: a delivery failure came back for this address -->
                          <xsl:if test="@bouncing-at"><span class="row-sub mail-bouncing">E-mail bounced on <xsl:call-template name="date"><xsl:with-param name="iso" select="string(@bouncing-at)"/></xsl:call-template></span></xsl:if>
                        </td>
                        <td><a href="mailto:{@email}"><xsl:value-of select="@email"/></a></td>
                        <td>
                          <xsl:choose>
                            <xsl:when test="$c/@manage-contacts = '1' and @active = '1'">
                              <xsl:call-template name="contact-access-form"><xsl:with-param name="c" select="."/></xsl:call-template>
                            </xsl:when>
                            <xsl:otherwise>
                              <span class="badge neutral access-{@access}"><xsl:call-template name="access-label"><xsl:with-param name="access" select="string(@access)"/></xsl:call-template></span>
                            </xsl:otherwise>
                          </xsl:choose>
                          <!-- here, not under Portal: that column is hidden on phones -->
                          <xsl:if test="$c/@manage-contacts = '1'">
                            <xsl:call-template name="contact-active-form"><xsl:with-param name="c" select="."/></xsl:call-template>
                          </xsl:if>
                        </td>
                        <td>
                          <xsl:choose>
                            <xsl:when test="@active != '1'"><span class="badge status-off contact-inactive">Deactivated</span></xsl:when>
                            <xsl:when test="@has-login = '1'"><span class="badge status-on">Has login</span></xsl:when>
                            <xsl:otherwise><span class="badge status-off">No login</span></xsl:otherwise>
                          </xsl:choose>
                          <xsl:if test="@active = '1'">
                            <xsl:call-template name="invite-actions"><xsl:with-param name="c" select="."/></xsl:call-template>
                          </xsl:if>
                        </td>
                      </tr>
                    </xsl:for-each>
                  </tbody>
                </table>
              </div>
            </xsl:when>
            <xsl:otherwise>
              <xsl:call-template name="empty-state">
                <xsl:with-param name="title" select="'No contacts yet'"/>
                <xsl:with-param name="text" select="'Add the people at this client who follow the work in the portal.'"/>
              </xsl:call-template>
            </xsl:otherwise>
          </xsl:choose>
        </section>

        <section class="card" aria-labelledby="satisfaction-h">
          <div class="card-head"><h2 id="satisfaction-h">Satisfaction</h2><span class="card-aside">Staff only · all projects</span></div>
          <xsl:call-template name="survey-trend"><xsl:with-param name="rows" select="satisfaction/month"/></xsl:call-template>
        </section>

        <xsl:if test="normalize-space($c/@notes) != ''">
          <section class="card" aria-labelledby="notes-h">
            <div class="card-head"><h2 id="notes-h">Notes</h2><span class="card-aside">Internal</span></div>
            <div class="card-body"><p class="prose"><xsl:value-of select="$c/@notes"/></p></div>
          </section>
        </xsl:if>
      </div>

      <xsl:if test="$can-manage">
        <div class="col-side">
          <section class="card" aria-labelledby="contact-h">
            <div class="card-head"><h2 id="contact-h">Add a contact</h2></div>
            <form method="post" action="/clients/{$c/@id}/contacts" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'contact'"/></xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'contact'"/>
                <xsl:with-param name="name" select="'name'"/>
                <xsl:with-param name="label" select="'Name'"/>
                <xsl:with-param name="required" select="true()"/>
                <xsl:with-param name="autocomplete" select="'off'"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'contact'"/>
                <xsl:with-param name="name" select="'email'"/>
                <xsl:with-param name="label" select="'E-mail'"/>
                <xsl:with-param name="type" select="'email'"/>
                <xsl:with-param name="required" select="true()"/>
                <xsl:with-param name="autocomplete" select="'off'"/>
              </xsl:call-template>
              <xsl:call-template name="field">
                <xsl:with-param name="form" select="'contact'"/>
                <xsl:with-param name="name" select="'access'"/>
                <xsl:with-param name="label" select="'Portal access'"/>
                <xsl:with-param name="type" select="'select'"/>
                <xsl:with-param name="options" select="/page/access-choices/choice"/>
                <xsl:with-param name="value" select="'view'"/>
                <xsl:with-param name="hint" select="'Only contacts who can approve may sign off deliverables.'"/>
              </xsl:call-template>
              <div class="form-actions">
                <button type="submit" class="btn btn-primary">Add contact</button>
              </div>
            </form>
          </section>

          <details class="card disclosure">
            <xsl:if test="/page/form-state[@for='client']"><xsl:attribute name="open">open</xsl:attribute></xsl:if>
            <summary class="card-head"><h2>Edit client details</h2></summary>
            <form method="post" action="/clients/{$c/@id}" class="form card-body">
              <xsl:call-template name="csrf"/>
              <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'client'"/></xsl:call-template>
              <xsl:call-template name="client-fields"><xsl:with-param name="c" select="$c"/></xsl:call-template>
              <div class="form-actions">
                <button type="submit" class="btn btn-primary">Save changes</button>
              </div>
            </form>
          </details>
        </div>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- ============================================================ helpers -->

  <xsl:template name="cadence-label">
    <xsl:param name="cadence"/>
    <xsl:choose>
      <xsl:when test="$cadence = 'daily'">Daily</xsl:when>
      <xsl:when test="$cadence = 'weekly'">Weekly</xsl:when>
      <xsl:when test="$cadence = 'biweekly'">Fortnightly</xsl:when>
      <xsl:when test="$cadence = 'monthly'">Monthly</xsl:when>
      <xsl:when test="$cadence = 'none' or $cadence = ''"><span class="muted">None</span></xsl:when>
      <xsl:otherwise><xsl:value-of select="$cadence"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="access-label">
    <xsl:param name="access"/>
    <xsl:choose>
      <xsl:when test="$access = 'view'">Can view</xsl:when>
      <xsl:when test="$access = 'comment'">Can comment</xsl:when>
      <xsl:when test="$access = 'approve'">Can approve</xsl:when>
      <xsl:otherwise><xsl:value-of select="$access"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- a contact's access level, for an admin or the client's PM (issue 10, item 14) -->
  <xsl:template name="contact-access-form">
    <xsl:param name="c"/>
    <form method="post" action="/clients/{/page/client/@id}/contacts/{$c/@id}/access" class="inline-form contact-access">
      <xsl:call-template name="csrf"/>
      <label class="sr-only" for="access-{$c/@id}">Portal access of <xsl:value-of select="$c/@name"/></label>
      <select id="access-{$c/@id}" name="access">
        <xsl:for-each select="/page/access-choices/choice">
          <option value="{@value}"><xsl:if test="$c/@access = @value"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="@name"/></option>
        </xsl:for-each>
      </select>
      <button type="submit" class="btn btn-small">Change</button>
    </form>
  </xsl:template>

  <!-- deactivate (asks first: sessions and approval links end for good) / reactivate -->
  <xsl:template name="contact-active-form">
    <xsl:param name="c"/>
    <form method="post" action="/clients/{/page/client/@id}/contacts/{$c/@id}/active" class="inline-form contact-active">
      <xsl:call-template name="csrf"/>
      <xsl:choose>
        <xsl:when test="$c/@active = '1'">
          <input type="hidden" name="active" value="0"/>
          <button type="submit" class="btn btn-small btn-danger" data-confirm="Deactivate {$c/@name}? They are signed out at once, and their open approval links stop working for good (you can reactivate them later and send new requests).">Deactivate</button>
        </xsl:when>
        <xsl:otherwise>
          <input type="hidden" name="active" value="1"/>
          <button type="submit" class="btn btn-small">Reactivate</button>
        </xsl:otherwise>
      </xsl:choose>
    </form>
  </xsl:template>

  <!-- invitation state and the admin's resend / withdraw buttons (client side, issue 5) -->
  <xsl:template name="invite-actions">
    <xsl:param name="c"/>
    <xsl:variable name="inv" select="/page/invitations/invitation[@user-id = $c/@id]"/>
    <xsl:if test="$inv"><span class="row-sub invite-open">Invitation open until <xsl:value-of select="$inv/@invite-expires"/></span></xsl:if>
    <xsl:if test="/page/session/@role = 'admin'">
      <form method="post" action="/clients/{/page/client/@id}/contacts/{$c/@id}/invite" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit" class="btn btn-small">Send invitation</button>
      </form>
      <xsl:if test="$inv">
        <form method="post" action="/clients/{/page/client/@id}/contacts/{$c/@id}/revoke" class="inline">
          <xsl:call-template name="csrf"/>
          <button type="submit" class="btn btn-small">Withdraw invitation</button>
        </form>
      </xsl:if>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
