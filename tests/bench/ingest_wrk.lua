-- wrk script for the max-throughput web-form run (tests/bench/ingest_bench.sh runs it):
--   wrk -t2 -c64 -d20s -s ingest_wrk.lua 'http://127.0.0.1:PORT/c/matransition?lang=fr' -- RUNID
-- Every request is a distinct contribution (nonce RUNID-THREAD-N, text numbered the same way).
-- With the argument GET instead of a run id it only GETs the URL (read-path runs; 200 counts as ok).
-- With "file:PATH THREADS" (one argument) it POSTs precomputed requests (tests/bench/twilio_sign.mjs: one line
-- "Header: value<TAB>body" each; thread t of THREADS takes lines t, t+THREADS, ...; 200 counts as ok),
-- each once: a thread that runs out stops (its last request is not sent again).
-- done() prints one line "WRK_JSON {...}" with the status counts and latency percentiles (ms).

local threads = {}

function setup(thread)
    table.insert(threads, thread)
    thread:set("tid", #threads)
end

local function urlencode(s)
    return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local regions = { "bamako", "kayes", "koulikoro", "sikasso", "segou", "mopti", "tombouctou", "gao", "kidal",
    "taoudenit", "menaka", "nioro", "kita", "dioila", "nara", "bougouni", "koutiala", "san", "douentza",
    "bandiagara", "diaspora", "" }
local sentences = {
    "Nous voulons de l'eau potable dans chaque quartier et des forages entretenus toute l'année.",
    "Les écoles manquent d'enseignants ; nos enfants font dix kilomètres à pied pour aller en classe.",
    "Dugukolo sɛnɛ ka kan ka dɛmɛ, sɛnɛkɛlaw mago bɛ jiri ni nɔgɔ la.",
    "Il faut des routes praticables pendant l'hivernage pour que les marchés restent ouverts.",
    "La santé d'abord : un centre de santé communautaire avec une sage-femme dans chaque commune.",
    "Les jeunes ont besoin de formation professionnelle et de crédits pour lancer leurs activités.",
    "Kalanso caman ka kan ka jɔ, karamɔgɔw ka sara ka bɔ a waati la.",
    "Que les élections soient transparentes et que les résultats soient publiés bureau par bureau.",
}
local encoded = {}
for i, s in ipairs(sentences) do encoded[i] = urlencode(s) end

local headers = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept-Language"] = "fr" }
local n = 0

function init(args)
    run = args[1] or "wrk"
    ok = 0
    other = 0
    exhausted = 0
    if run:sub(1, 5) == "file:" then
        local file, n = run:match("^file:(.-) (%d+)$")
        local threads_n, i, reqs = tonumber(n), 0, {}
        for line in io.lines(file) do
            if i % threads_n == tid - 1 then
                local tab = line:find("\t", 1, true)
                local name, value = line:sub(1, tab - 1):match("^([^:]+):%s*(.*)$")
                local h = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Accept-Language"] = "fr" }
                h[name] = value
                reqs[#reqs + 1] = wrk.format("POST", nil, h, line:sub(tab + 1))
            end
            i = i + 1
        end
        local k = 0
        request = function()
            k = k + 1
            if k > #reqs then
                exhausted = 1
                wrk.thread:stop()
                return reqs[#reqs]   -- not sent: the thread is stopping
            end
            return reqs[k]
        end
        response = function(status)
            if status == 200 then ok = ok + 1 else other = other + 1 end
        end
    elseif run == "GET" then
        local get = wrk.format("GET", nil, { ["Accept-Language"] = "fr" })
        request = function() return get end
        response = function(status)
            if status == 200 then ok = ok + 1 else other = other + 1 end
        end
    end
end

function request()
    n = n + 1
    local a = encoded[n % #encoded + 1]
    local b = encoded[(n * 7 + 3) % #encoded + 1]
    local body = "nonce=" .. run .. "-" .. tid .. "-" .. n .. "&text=" .. a .. "%20" .. b ..
        "%20%28n%C2%B0%20" .. tid .. "-" .. n .. "%29&region=" .. regions[n % #regions + 1]
    return wrk.format("POST", nil, headers, body)
end

function response(status, hdrs, body)
    if status == 303 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
    local o, x, ex = 0, 0, 0
    for _, t in ipairs(threads) do
        o = o + t:get("ok")
        x = x + t:get("other")
        ex = ex + t:get("exhausted")
    end
    local e = summary.errors
    io.write(string.format(
        'WRK_JSON {"requests":%d,"duration_s":%.3f,"ok":%d,"other_status":%d,' ..
        '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
        '"exhausted_threads":%d,"rate":%.1f,"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f}}\n',
        summary.requests, summary.duration / 1e6, o, x, e.connect, e.read, e.write, e.status, e.timeout,
        ex, o / (summary.duration / 1e6),
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
        latency.max / 1000))
end
