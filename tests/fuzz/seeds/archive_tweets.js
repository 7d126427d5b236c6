window.YTD.tweets.part0 = [ {
  "tweet" : {
    "id_str" : "1320000000000000001",
    "created_at" : "Fri Nov 06 09:30:00 +0000 2020",
    "full_text" : "@MaTransition An bɛ hɔrɔnya fɛ, an ka kalata kɛ ka ɲɛ.",
    "in_reply_to_status_id_str" : "1319999999999999999"
  }
} ]
