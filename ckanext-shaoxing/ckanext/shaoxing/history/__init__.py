"""History: CKAN's activity plugin, made safe for the portal's tiers.

An entry's activity holds the whole entry as it was, outside link addresses included, so its
history is shown only to whoever may read the entry now (`visibility.may_read`): everyone for a
public, unconditionally open entry; the entry's department and the bureau (sysadmins) for a
conditional, not-open, private or deleted one. Activities are labelled so when written
(`actions.activity_create`), and every activity action checks the entry's present state too
(auth.py, actions.py), so a change of tier hides earlier versions at once."""
