# A moderator session for the benches that load the console's API, as a moderator gets one: an account
# from `baro user add`, POST /mod/login, and the one-time password changed through POST /mod/password
# (the queue answers 403 password_change_required before). Sourced by queue_live_bench.sh and queue_ab.sh.

# moderator_login BASE EMAIL PASSWORD: prints the session cookie (name=value), empty when refused.
moderator_login() {
    curl -sS -o /dev/null -D - -H "Origin: $1" --data-urlencode "email=$2" --data-urlencode "password=$3" "$1/mod/login" |
        tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(\(__Host-\)\{0,1\}baro_session=[^;]*\).*/\1/p' | head -1
}

# moderator_new BIN BASE EMAIL: creates the account, logs in at BASE and changes its one-time password;
# sets moderator_cookie and moderator_password (the new one, for logins at other servers of the database).
moderator_new() {
    local bin=$1 base=$2 email=$3 first csrf
    first=$("$bin" user add --email "$email" --role moderator | sed -n 's/^one-time password: //p')
    moderator_cookie=$(moderator_login "$base" "$email" "$first")
    [ -n "$moderator_cookie" ] || { echo "login failed" >&2; return 1; }
    csrf=$(curl -fsS -H "Cookie: $moderator_cookie" "$base/api/v1/mod/session" | sed -n 's/.*"csrf":"\([0-9a-f]*\)".*/\1/p')
    moderator_password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    [ "$(curl -sS -o /dev/null -w '%{http_code}' -H "Origin: $base" -H "Cookie: $moderator_cookie" \
        --data-urlencode "csrf=$csrf" --data-urlencode "current=$first" --data-urlencode "new=$moderator_password" \
        --data-urlencode "repeat=$moderator_password" "$base/mod/password")" = 303 ] ||
        { echo "password change failed" >&2; return 1; }
}
