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
