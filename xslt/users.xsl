<?xml version="1.0" encoding="UTF-8"?>
<!--
  users.xsl - staff users (admin only).
    user-list  <users><user id name email role active hourly-rate currency last-login-at/>…</users><pager/>;
               <role-choices><choice value name/>…</role-choices> (include/roles.def);
               "New staff user" form id "user", POST /settings/users
    user-edit  <user id name email role active hourly-rate-input currency …/><role-choices/>;
               form id "user", POST /settings/users/{id}; POST /settings/users/{id}/active
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="layout.xsl"/>

  <!-- ============================================================ list -->

  <xsl:template match="page[@name='user-list']" mode="main">
    <xsl:call-template name="page-head">
      <xsl:with-param name="settings" select="true()"/>
      <xsl:with-param name="title" select="'Users'"/>
      <xsl:with-param name="sub" select="'The people on your team, their roles and their hourly rates.'"/>
      <xsl:with-param name="actions"><a class="btn btn-primary" href="#new-user"><span aria-hidden="true">+ </span>New staff user</a></xsl:with-param>
    </xsl:call-template>

    <section class="card">
      <xsl:choose>
        <xsl:when test="users/user">
          <div class="table-wrap">
            <table class="table t-users">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Role</th>
                  <th scope="col">Rate / h</th>
                  <th scope="col">Status</th>
                  <th scope="col">Last sign-in</th>
                </tr>
              </thead>
              <tbody>
                <xsl:for-each select="users/user">
                  <tr>
                    <xsl:if test="@active = '0'"><xsl:attribute name="class">is-inactive</xsl:attribute></xsl:if>
                    <td>
                      <a href="/settings/users/{@id}"><xsl:value-of select="@name"/></a>
                      <span class="row-sub"><xsl:value-of select="@email"/></span>
                    </td>
                    <td><span class="badge neutral"><xsl:call-template name="role-label"><xsl:with-param name="role" select="string(@role)"/></xsl:call-template></span></td>
                    <td><xsl:call-template name="money"><xsl:with-param name="amount" select="string(@hourly-rate)"/><xsl:with-param name="currency" select="string(@currency)"/></xsl:call-template></td>
                    <td><xsl:call-template name="active-badge"><xsl:with-param name="active" select="string(@active)"/></xsl:call-template></td>
                    <td>
                      <xsl:choose>
                        <xsl:when test="@last-login-at != ''"><xsl:call-template name="date"><xsl:with-param name="iso" select="@last-login-at"/></xsl:call-template></xsl:when>
                        <xsl:otherwise><span class="muted">Never</span></xsl:otherwise>
                      </xsl:choose>
                    </td>
                  </tr>
                </xsl:for-each>
              </tbody>
            </table>
          </div>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="empty-state">
            <xsl:with-param name="title" select="'No users yet'"/>
          </xsl:call-template>
        </xsl:otherwise>
      </xsl:choose>
    </section>
    <xsl:apply-templates select="pager"/>

    <section class="card card-narrow" id="new-user" aria-labelledby="new-user-h">
      <div class="card-head">
        <h2 id="new-user-h">New staff user</h2>
      </div>
      <form method="post" action="/settings/users" class="form card-body">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'user'"/></xsl:call-template>
        <div class="form-row">
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'user'"/>
            <xsl:with-param name="name" select="'name'"/>
            <xsl:with-param name="label" select="'Name'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="autocomplete" select="'off'"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'user'"/>
            <xsl:with-param name="name" select="'email'"/>
            <xsl:with-param name="label" select="'E-mail'"/>
            <xsl:with-param name="type" select="'email'"/>
            <xsl:with-param name="required" select="true()"/>
            <xsl:with-param name="autocomplete" select="'off'"/>
          </xsl:call-template>
        </div>
        <div class="form-row">
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'user'"/>
            <xsl:with-param name="name" select="'role'"/>
            <xsl:with-param name="label" select="'Role'"/>
            <xsl:with-param name="type" select="'select'"/>
            <xsl:with-param name="options" select="/page/role-choices/choice"/>
            <xsl:with-param name="value" select="'member'"/>
            <xsl:with-param name="hint" select="'Project managers run projects; admins also manage users.'"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'user'"/>
            <xsl:with-param name="name" select="'hourly_rate'"/>
            <xsl:with-param name="label" select="'Hourly rate'"/>
            <xsl:with-param name="inputmode" select="'decimal'"/>
            <xsl:with-param name="placeholder" select="'95.00'"/>
            <xsl:with-param name="hint" select="'Billable rate per hour: what their time is worth on a project. Cost rates and changes over time are set under Rates.'"/>
          </xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'user'"/>
            <xsl:with-param name="name" select="'currency'"/>
            <xsl:with-param name="label" select="'Currency of the rate'"/>
            <xsl:with-param name="type" select="'select'"/>
            <xsl:with-param name="choices" select="'EUR=EUR|USD=USD|GBP=GBP|CHF=CHF|CAD=CAD|AUD=AUD|SEK=SEK|NOK=NOK|DKK=DKK'"/>
            <xsl:with-param name="value" select="'EUR'"/>
            <xsl:with-param name="hint" select="'The rate prices only projects in this currency; never converted.'"/>
          </xsl:call-template>
        </div>
        <xsl:call-template name="field">
          <xsl:with-param name="form" select="'user'"/>
          <xsl:with-param name="name" select="'password'"/>
          <xsl:with-param name="label" select="'Initial password'"/>
          <xsl:with-param name="type" select="'password'"/>
          <xsl:with-param name="required" select="true()"/>
          <xsl:with-param name="autocomplete" select="'new-password'"/>
          <xsl:with-param name="hint" select="'At least 10 characters. Share it with them privately.'"/>
        </xsl:call-template>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary">Add user</button>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- ============================================================ edit -->

  <xsl:template match="page[@name='user-edit']" mode="main">
    <xsl:variable name="u" select="user"/>
    <xsl:variable name="self" select="string($u/@id) = string($session/@user-id)"/>
    <nav class="breadcrumb" aria-label="Breadcrumb"><a href="/settings/users">Users</a></nav>
    <xsl:call-template name="page-head">
      <xsl:with-param name="avatar-class" select="'org-avatar round'"/>
      <xsl:with-param name="avatar-letter" select="substring(normalize-space($u/@name), 1, 1)"/>
      <xsl:with-param name="title" select="string($u/@name)"/>
      <xsl:with-param name="meta">
        <span class="meta-item"><xsl:value-of select="$u/@email"/></span>
        <span class="meta-item"><span class="badge neutral"><xsl:call-template name="role-label"><xsl:with-param name="role" select="string($u/@role)"/></xsl:call-template></span></span>
        <span class="meta-item"><xsl:call-template name="active-badge"><xsl:with-param name="active" select="string($u/@active)"/></xsl:call-template></span>
      </xsl:with-param>
    </xsl:call-template>

    <div class="stack card-narrow">
      <section class="card" aria-labelledby="profile-h">
        <div class="card-head"><h2 id="profile-h">Profile</h2></div>
        <form method="post" action="/settings/users/{$u/@id}" class="form card-body">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="form-errors"><xsl:with-param name="form" select="'user'"/></xsl:call-template>
          <xsl:call-template name="field">
            <xsl:with-param name="form" select="'user'"/>
            <xsl:with-param name="name" select="'name'"/>
            <xsl:with-param name="label" select="'Name'"/>
            <xsl:with-param name="value" select="string($u/@name)"/>
            <xsl:with-param name="required" select="true()"/>
          </xsl:call-template>
          <div class="form-row">
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'user'"/>
              <xsl:with-param name="name" select="'role'"/>
              <xsl:with-param name="label" select="'Role'"/>
              <xsl:with-param name="type" select="'select'"/>
              <xsl:with-param name="options" select="/page/role-choices/choice"/>
              <xsl:with-param name="value" select="string($u/@role)"/>
            </xsl:call-template>
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'user'"/>
              <xsl:with-param name="name" select="'hourly_rate'"/>
              <xsl:with-param name="label">
                <xsl:text>Hourly rate</xsl:text>
                <xsl:if test="normalize-space($u/@currency) != ''"> (<xsl:value-of select="$u/@currency"/>)</xsl:if>
              </xsl:with-param>
              <xsl:with-param name="inputmode" select="'decimal'"/>
              <xsl:with-param name="placeholder" select="'95.00'"/>
              <xsl:with-param name="value" select="string($u/@hourly-rate-input)"/>
            </xsl:call-template>
            <xsl:call-template name="field">
              <xsl:with-param name="form" select="'user'"/>
              <xsl:with-param name="name" select="'currency'"/>
              <xsl:with-param name="label" select="'Currency of the rate'"/>
              <xsl:with-param name="type" select="'select'"/>
              <xsl:with-param name="choices" select="'EUR=EUR|USD=USD|GBP=GBP|CHF=CHF|CAD=CAD|AUD=AUD|SEK=SEK|NOK=NOK|DKK=DKK'"/>
              <xsl:with-param name="value" select="string($u/@currency)"/>
              <xsl:with-param name="hint" select="'The rate prices only projects in this currency; never converted.'"/>
            </xsl:call-template>
          </div>
          <div class="form-actions">
            <button type="submit" class="btn btn-primary">Save changes</button>
            <a class="btn btn-ghost" href="/settings/users">Cancel</a>
          </div>
        </form>
      </section>

      <section class="card" aria-labelledby="access-h">
        <xsl:if test="$u/@active != '0'"><xsl:attribute name="class">card card-danger</xsl:attribute></xsl:if>
        <div class="card-head"><h2 id="access-h">Access</h2></div>
        <div class="card-body access-row">
          <xsl:choose>
            <xsl:when test="$u/@active = '0'">
              <p class="access-text">This account is deactivated: <xsl:value-of select="$u/@name"/> cannot sign in.</p>
              <form method="post" action="/settings/users/{$u/@id}/active" class="inline-form">
                <xsl:call-template name="csrf"/>
                <input type="hidden" name="active" value="1"/>
                <button type="submit" class="btn">Reactivate</button>
              </form>
            </xsl:when>
            <xsl:when test="$self">
              <p class="access-text">This is your own account. Another admin can deactivate it.</p>
            </xsl:when>
            <xsl:otherwise>
              <p class="access-text">Deactivating signs <xsl:value-of select="$u/@name"/> out everywhere and blocks sign-in. Their time entries and history are kept.</p>
              <form method="post" action="/settings/users/{$u/@id}/active" class="inline-form">
                <xsl:call-template name="csrf"/>
                <input type="hidden" name="active" value="0"/>
                <button type="submit" class="btn btn-danger" data-confirm="Deactivate {$u/@name}? They will be signed out.">Deactivate</button>
              </form>
            </xsl:otherwise>
          </xsl:choose>
        </div>
      </section>
    </div>
  </xsl:template>

  <xsl:template name="active-badge">
    <xsl:param name="active"/>
    <xsl:choose>
      <xsl:when test="$active = '0'"><span class="badge status-off">Inactive</span></xsl:when>
      <xsl:otherwise><span class="badge status-on">Active</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
