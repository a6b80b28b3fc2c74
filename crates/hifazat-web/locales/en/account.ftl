# Signing in, one's own account, and accounts for administrators.

login-title = Sign in
login-username = Login name
login-password = Password
login-submit = Sign in
login-wrong = Wrong login name or password.
login-disabled = This account has been disabled. Ask an administrator if you still need it.
login-throttled = Too many failed attempts from here. Wait { $wait } and try again, or ask an administrator.
login-demo-title = Demo accounts
login-demo-text = This server runs with synthetic demo data. Every demo account has the password
login-demo-io = investigating officers
login-demo-supervisor = supervisor, Punjab
login-demo-protection = protection officer and shelter
login-demo-immigration = immigration officer, Lahore airport
login-demo-prosecutor = prosecutor
login-demo-emigration = emigration authority, Bureau of Emigration (the register of recruitment agents)
login-demo-national = national coordinator, analyst, auditor, administrator
wait-seconds = { $count ->
    [one] { $count } second
   *[other] { $count } seconds
}
wait-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
second-factor-title = Enter the code from your authenticator app
second-factor-code = Code
second-factor-hint = The 6 digits your app shows for Hifazat now. If you have lost your phone, enter one of your recovery codes (like abcde-fghjk); each works once.
second-factor-cancel = Cancel and sign out
second-factor-wrong = Enter the 6-digit code your authenticator app shows now, or one of your recovery codes
second-factor-throttled = Too many wrong codes. Wait { $wait } and try again.

# One's own account.
account-login-name = Login name
account-roles = Roles
account-jurisdiction = Jurisdiction
account-agency = Agency
account-password = Password
account-password-set = set { $when }
account-password-set-at-creation = set when the account was created
account-change-password = Change your password
account-second-factor = Second factor
account-second-factor-app = Authenticator app, with { $count ->
    [one] { $count } unused recovery code
   *[other] { $count } unused recovery codes
}
account-new-recovery-codes = Get new recovery codes
account-second-factor-none = None
account-second-factor-required = (your role needs one)
account-set-up-app = Set up an authenticator app
account-sessions-title = Where you are signed in
account-sessions-hint = Browser sessions end after 30 minutes without use and after 10 hours in any case; API tokens after 24 hours. If you see one you do not recognise, sign it out and change your password.
session-kind-web = Browser
session-kind-api = API token
session-this-one = (this one)
session-waiting-code = (waiting for the code)
session-sign-out = Sign out
sessions-sign-out-others = Sign out everywhere else
col-kind = Kind
col-signed-in = Signed in
col-last-used = Last used
col-from = From
col-action = Action
account-done-password = Your password has been changed. Your other sessions have been signed out.
account-done-second-factor = Your second factor is set up. Keep your recovery codes somewhere safe.
account-done-session = The session has been signed out.
account-done-sessions = All your other sessions have been signed out.

# Changing one's password.
password-title = Change your password
password-required = You must choose a new password before you continue: an administrator reset it, or it no longer meets the password rules.
password-current = Current password
password-new = New password
password-new-hint = At least 12 characters. Not a common password, not your name or login name. A few unrelated words make a good password.
password-confirm = New password again
password-submit = Change the password
password-others-signed-out = Your other sessions will be signed out.

# Setting up the second factor.
sf-codes-title = Your recovery codes
sf-set-up-ok = Your authenticator app is set up for Hifazat.
sf-codes-intro = If you lose your phone, sign in with one of these codes instead of the app's code. Each works once. They are shown only now: write them down or print this page, and keep them apart from your phone. Getting new codes makes these stop working.
sf-title-enabled = Second factor
sf-enabled-text = An authenticator app is set up for your account.
sf-back-to-account = Back to your account
sf-setup-title = Set up an authenticator app
sf-required = Your role needs a second factor: set one up before you continue.
sf-step-install = Install an authenticator app on your phone (for example FreeOTP, Aegis, Google Authenticator or Microsoft Authenticator).
sf-step-scan = In the app, add an account by scanning this code:
sf-qr-label = QR code for the authenticator app
sf-or-type = or by typing this key (time-based):
sf-step-enter = Enter the 6-digit code the app shows for Hifazat:
sf-confirm = Confirm

# An account's sign-in and access, for administrators.
sec-title = Sign-in and access
sec-accounts = Accounts
sec-otp-title = One-time password for { $user }
sec-otp-text = Give it to { $name } in person or by phone, not by e-mail. It is shown only now; at the next sign-in they must choose their own password.
sec-status = Status
sec-active = Active
sec-disabled = Disabled
sec-created = Created
sec-must-change = must be changed at the next sign-in
sec-second-factor-app = Authenticator app ({ $count ->
    [one] { $count } recovery code left
   *[other] { $count } recovery codes left
})
sec-second-factor-later = the role needs one: it will be set up at the next sign-in
sec-sessions-title = Sessions and API tokens
sec-not-signed-in = Not signed in anywhere.
sec-end = End
sec-end-all = End all sessions
sec-end-all-other = End all other sessions
sec-access-title = Access
sec-self-note = This is your own account: change your password and second factor on your account page; another administrator can disable it or reset them.
sec-your-account-page = your account page
sec-disable-reason = Why disable this account?
sec-disable-reason-hint = For example: left the agency, on long leave, password may be known to others. Disabling ends all its sessions and API tokens at once; nothing the user recorded is removed.
sec-disable = Disable the account
sec-enable = Enable the account again
sec-reset-password = Reset the password
sec-reset-password-hint = gives a one-time password, ends all sessions
sec-remove-second-factor = Remove the second factor
sec-remove-second-factor-hint = when the phone is lost and the recovery codes too
sec-done-disabled = The account is disabled: its sessions and API tokens have ended.
sec-done-enabled = The account is enabled again.
sec-done-second-factor = The second factor is removed: the user sets up a new one at the next sign-in if the role needs it. Its sessions have ended.
sec-done-sessions = The account's sessions and API tokens have ended.
sec-done-session = The session has ended.
sec-done-password = The password is reset and the account's sessions have ended.
