// How the server binary's allocator (jemalloc, CMakeLists.txt) returns memory: freed pages are given
// back to the system after 1 s unused instead of jemalloc's default 10 s. With the default, a long
// import's peak RSS grew with its length (68 MB for 200,000 posts against 41 MB for 6,000:
// tests/e2e/import.test.mjs, constant memory); with 1 s it is flat (48 / 40 MB), for no measurable
// CPU a webhook (docs/performance.md, "The allocator"). MALLOC_CONF in the environment still wins.
#include <jemalloc/jemalloc.h>

char const* malloc_conf = "dirty_decay_ms:1000";
