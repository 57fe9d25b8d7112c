<?xml version="1.0" encoding="UTF-8"?>
<!--
  forms.xsl - form controls every page builds its forms from (included by layout.xsl).

  Templates (parameters; a parameter not given takes the default shown)
    csrf              the hidden <input name="csrf"> with /page/session/@csrf.
    field             one labelled form control.
                        form       form id (also looks up /page/form-state[@for=form])
                        name       field name; the control's id is "form-name"
                        label      visible label text
                        type       text|email|password|date|number|textarea|select|checkbox ('text')
                        value      value shown when there is no form-state for the form ('')
                        options    select: node-set of option elements; value is the first
                                   of @value/@id/@code, label the element's text, else
                                   @name, else @code (<client id name/>, <currency code/>)
                        choices    select: static options as 'value=Label|value=Label|…'
                                   (emitted after options)
                        empty      select: label of a leading option with value ""
                        required   true()/'yes' marks the field required
                        hint       help text under the control ('')
                        step, min  number inputs
                        placeholder  inputs and textareas
                        inputmode, autocomplete  inputs
                        rows       textarea rows (4)
                        autofocus  true() to focus the input on load
                        class      extra class on the wrapping div, e.g. 'field-inline'
                      A checkbox is sent as value "1" and shown checked when the value is
                      1/on/true/yes. Parameters not given cost nothing: none has a select
                      default except type.
                      The value shown is /page/form-state[@for=form]/value[@name=name]
                      when that form-state exists, else $value. A password field never
                      shows a value. An error[@field=name] in that form-state is shown
                      under the control, which gets aria-invalid="true" and class
                      "is-invalid"; the message is linked by aria-describedby.
    approver-checkboxes  form: the contacts with access "approve" (/page/approvers/contact) as
                      checkboxes named contact_id in a fieldset; a form coming back keeps
                      its ticks and shows its contact_id message.
    form-errors       form: the summary box for /page/form-state[@for=form]: "Please correct
                      the fields marked below." when a field has an error, plus every
                      form-wide error (no @field, @field='' or @field='_form').
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="csrf">
    <input type="hidden" name="csrf" value="{/page/session/@csrf}"/>
  </xsl:template>

  <xsl:template name="approver-checkboxes">
    <xsl:param name="form"/>
    <xsl:variable name="state" select="/page/form-state[@for = $form]"/>
    <fieldset class="field field-choices">
      <xsl:if test="$state/error[@field = 'contact_id']">
        <xsl:attribute name="class">field field-choices has-error</xsl:attribute>
        <xsl:attribute name="aria-describedby"><xsl:value-of select="concat($form, '-contact_id-error')"/></xsl:attribute>
      </xsl:if>
      <legend>Contacts who may approve</legend>
      <xsl:for-each select="/page/approvers/contact">
        <label class="choice"><input type="checkbox" name="contact_id" value="{@id}">
          <xsl:if test="$state/value[@name = 'contact_id'] = current()/@id"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input><xsl:text> </xsl:text><xsl:value-of select="@name"/><xsl:text> </xsl:text><span class="muted">(<xsl:value-of select="@email"/>)</span></label>
      </xsl:for-each>
      <xsl:if test="not(/page/approvers/contact)"><p class="muted">This client has no contact with access “approve”.</p></xsl:if>
      <xsl:for-each select="$state/error[@field = 'contact_id']">
        <p class="field-error" id="{$form}-contact_id-error"><xsl:value-of select="."/></p>
      </xsl:for-each>
    </fieldset>
  </xsl:template>

  <xsl:template name="form-errors">
    <xsl:param name="form"/>
    <xsl:variable name="state" select="/page/form-state[@for = $form]"/>
    <xsl:if test="$state/error">
      <div class="form-errors" role="alert">
        <xsl:if test="$state/error[@field != '' and @field != '_form']">
          <p class="form-errors-title">Please correct the fields marked below.</p>
        </xsl:if>
        <xsl:for-each select="$state/error[not(@field) or @field = '' or @field = '_form']">
          <p class="form-errors-item"><xsl:value-of select="."/></p>
        </xsl:for-each>
      </div>
    </xsl:if>
  </xsl:template>

  <xsl:template name="field">
    <xsl:param name="form"/>
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="type" select="'text'"/>
    <!-- the others default to the empty string, which costs nothing to evaluate -->
    <xsl:param name="value"/>
    <xsl:param name="options"/>
    <xsl:param name="choices"/>
    <xsl:param name="empty"/>
    <xsl:param name="required"/>
    <xsl:param name="hint"/>
    <xsl:param name="step"/>
    <xsl:param name="min"/>
    <xsl:param name="placeholder"/>
    <xsl:param name="inputmode"/>
    <xsl:param name="autocomplete"/>
    <xsl:param name="rows"/>
    <xsl:param name="autofocus"/>
    <xsl:param name="class"/>

    <xsl:variable name="id" select="concat($form, '-', $name)"/>
    <xsl:variable name="state" select="/page/form-state[@for = $form]"/>
    <!-- the form-state value when the form was re-shown, else $value.
         substring(x, 1, (1 div 0) * b) is x when b is true and '' when false: an
         if/else without a result-tree fragment -->
    <xsl:variable name="cur" select="concat(string($state/value[@name = $name]), substring($value, 1, (1 div 0) * not($state)))"/>
    <xsl:variable name="error" select="$state/error[@field = $name][1]"/>
    <xsl:variable name="req" select="$required and string($required) != 'false' and string($required) != 'no'"/>

    <div class="field field-{$type}">
      <xsl:if test="$error or $class">
        <xsl:attribute name="class">
          <xsl:value-of select="concat('field field-', $type, substring(' has-error', 1, 10 * boolean($error)), substring(' ', 1, boolean($class)), $class)"/>
        </xsl:attribute>
      </xsl:if>
      <xsl:if test="$type != 'checkbox'">
        <label for="{$id}">
          <xsl:value-of select="$label"/>
          <xsl:if test="$req"><span class="req" aria-hidden="true"> *</span></xsl:if>
        </label>
      </xsl:if>
      <!-- one branch per kind of control, each with only the attributes it can have
           (attributes common to all: see "described" below) -->
      <xsl:choose>
        <xsl:when test="$type = 'select'">
          <select id="{$id}" name="{$name}">
            <xsl:if test="$error or $hint or $req"><xsl:call-template name="field-common"><xsl:with-param name="id" select="$id"/><xsl:with-param name="error" select="$error"/><xsl:with-param name="hint" select="$hint"/><xsl:with-param name="req" select="$req"/></xsl:call-template></xsl:if>
            <xsl:if test="$empty">
              <option value=""><xsl:value-of select="$empty"/></option>
            </xsl:if>
            <xsl:if test="$options">
              <xsl:for-each select="$options">
                <!-- value: the first of @value, @id, @code; label: the text, else @name (else @code) -->
                <xsl:variable name="v" select="string((@value | @id | @code)[1])"/>
                <option value="{$v}">
                  <xsl:if test="$v = $cur"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                  <xsl:value-of select="(@code | @name | text())[last()]"/>
                </option>
              </xsl:for-each>
            </xsl:if>
            <xsl:if test="$choices">
              <xsl:call-template name="choice-options">
                <xsl:with-param name="list" select="$choices"/>
                <xsl:with-param name="current" select="$cur"/>
              </xsl:call-template>
            </xsl:if>
          </select>
        </xsl:when>
        <xsl:when test="$type = 'textarea'">
          <textarea id="{$id}" name="{$name}" rows="4">
            <xsl:if test="$rows"><xsl:attribute name="rows"><xsl:value-of select="$rows"/></xsl:attribute></xsl:if>
            <xsl:if test="$error or $hint or $req"><xsl:call-template name="field-common"><xsl:with-param name="id" select="$id"/><xsl:with-param name="error" select="$error"/><xsl:with-param name="hint" select="$hint"/><xsl:with-param name="req" select="$req"/></xsl:call-template></xsl:if>
            <xsl:if test="$placeholder"><xsl:attribute name="placeholder"><xsl:value-of select="$placeholder"/></xsl:attribute></xsl:if>
            <!-- the HTML parser drops one newline after <textarea>: keep a value's own leading newline -->
            <xsl:text>&#10;</xsl:text>
            <xsl:value-of select="$cur"/>
          </textarea>
        </xsl:when>
        <xsl:when test="$type = 'checkbox'">
          <input type="checkbox" id="{$id}" name="{$name}" value="1">
            <xsl:if test="$cur = '1' or $cur = 'on' or $cur = 'true' or $cur = 'yes'">
              <xsl:attribute name="checked">checked</xsl:attribute>
            </xsl:if>
            <xsl:if test="$error or $hint or $req"><xsl:call-template name="field-common"><xsl:with-param name="id" select="$id"/><xsl:with-param name="error" select="$error"/><xsl:with-param name="hint" select="$hint"/><xsl:with-param name="req" select="$req"/></xsl:call-template></xsl:if>
          </input>
          <label for="{$id}"><xsl:value-of select="$label"/></label>
        </xsl:when>
        <xsl:otherwise>
          <input type="{$type}" id="{$id}" name="{$name}">
            <!-- a password is never sent back -->
            <xsl:if test="$type != 'password'"><xsl:attribute name="value"><xsl:value-of select="$cur"/></xsl:attribute></xsl:if>
            <xsl:if test="$error or $hint or $req"><xsl:call-template name="field-common"><xsl:with-param name="id" select="$id"/><xsl:with-param name="error" select="$error"/><xsl:with-param name="hint" select="$hint"/><xsl:with-param name="req" select="$req"/></xsl:call-template></xsl:if>
            <xsl:if test="$placeholder"><xsl:attribute name="placeholder"><xsl:value-of select="$placeholder"/></xsl:attribute></xsl:if>
            <xsl:if test="$inputmode"><xsl:attribute name="inputmode"><xsl:value-of select="$inputmode"/></xsl:attribute></xsl:if>
            <xsl:if test="$autocomplete"><xsl:attribute name="autocomplete"><xsl:value-of select="$autocomplete"/></xsl:attribute></xsl:if>
            <xsl:if test="$step"><xsl:attribute name="step"><xsl:value-of select="$step"/></xsl:attribute></xsl:if>
            <xsl:if test="$min"><xsl:attribute name="min"><xsl:value-of select="$min"/></xsl:attribute></xsl:if>
            <xsl:if test="$autofocus"><xsl:attribute name="autofocus">autofocus</xsl:attribute></xsl:if>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$error">
        <p class="field-error" id="{$id}-error"><xsl:value-of select="$error"/></p>
      </xsl:if>
      <xsl:if test="$hint">
        <p class="hint" id="{$id}-hint"><xsl:value-of select="$hint"/></p>
      </xsl:if>
    </div>
  </xsl:template>

  <!-- attributes of a field's control when it has an error, a hint or is required
       (called inside the control element, only when one of these applies) -->
  <xsl:template name="field-common">
    <xsl:param name="id"/>
    <xsl:param name="error"/>
    <xsl:param name="hint"/>
    <xsl:param name="req"/>
    <xsl:if test="$error">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
      <xsl:attribute name="class">is-invalid</xsl:attribute>
    </xsl:if>
    <xsl:if test="$error or $hint">
      <xsl:attribute name="aria-describedby">
        <xsl:value-of select="normalize-space(concat(substring(concat($id, '-error'), 1, (1 div 0) * boolean($error)), ' ', substring(concat($id, '-hint'), 1, (1 div 0) * boolean($hint))))"/>
      </xsl:attribute>
    </xsl:if>
    <xsl:if test="$req"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
  </xsl:template>

  <!-- 'value=Label|value=Label' → <option>s (called only with a non-empty list) -->
  <xsl:template name="choice-options">
    <xsl:param name="list"/>
    <xsl:param name="current"/>
    <xsl:variable name="head" select="substring-before(concat($list, '|'), '|')"/>
    <xsl:variable name="v" select="substring-before($head, '=')"/>
    <option value="{$v}">
      <xsl:if test="$v = $current"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
      <xsl:value-of select="substring-after($head, '=')"/>
    </option>
    <xsl:if test="contains($list, '|')">
      <xsl:call-template name="choice-options">
        <xsl:with-param name="list" select="substring-after($list, '|')"/>
        <xsl:with-param name="current" select="$current"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
