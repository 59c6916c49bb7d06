// jemalloc's settings for every gilsim program. CMake compiles this file into each executable rather than
// into the library: jemalloc looks for the `malloc_conf` symbol when it starts, and a member of a static
// library that nothing refers to would not be linked at all.
//
// thp:always backs jemalloc's memory with 2 MiB transparent huge pages where the kernel allows it
// (/sys/kernel/mm/transparent_hugepage/enabled is "madvise" on Debian 12, and jemalloc advises): a million
// suspended coroutines then fault their records in 2 MiB at a time rather than 4 KiB, and 10,000 threads'
// records fit in a few TLB entries. docs/performance.md ("Memory and page faults") has the figures.
// The environment variable MALLOC_CONF still overrides it, for experiments.
#if defined(GILSIM_JEMALLOC)
extern "C" {
// NOLINTNEXTLINE: the name and type are jemalloc's interface
extern const char* malloc_conf;
const char* malloc_conf = "thp:always";
}
#endif
