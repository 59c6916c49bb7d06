// page_faults: what a first write to fresh memory costs on this machine, page by page and in huge pages.
//
//   build/gilsim_page_faults [MiB = 256]
//
// It writes one byte into every 4 KiB page of a fresh anonymous mapping of MiB mebibytes, then does the same
// with a mapping from sim/core/huge_pages (2 MiB-aligned, advised for transparent huge pages). On the VMs
// gilsim is measured on the first costs about 13 us a page: that is why big runs' memory comes in huge
// pages (docs/performance.md, "Memory and page faults").
//
// Output: plain_us_per_page=<us> huge_us_per_4k=<us> (the huge figure is per 4 KiB, to compare the two).
#include <sys/mman.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>

#include "sim/core/huge_pages.hpp"

namespace {

constexpr std::size_t kPage = 4096;

/// touch writes one byte per page and returns the microseconds per page it took.
double touch(void* memory, std::size_t bytes) {
  auto* p = static_cast<volatile unsigned char*>(memory);
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < bytes; i += kPage) p[i] = 1;
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return s * 1e6 / static_cast<double>(bytes / kPage);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t mib = 256;
  if (argc > 1) {
    char* end = nullptr;
    mib = std::strtoul(argv[1], &end, 10);
    if (*end != '\0' || mib < 2 || mib > 65536) {
      std::fprintf(stderr, "usage: gilsim_page_faults [MiB, 2 to 65536; default 256]\n");
      return 2;
    }
  }
  const std::size_t bytes = (mib + 1) / 2 * gilsim::huge_pages::kPageBytes;

  void* plain = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (plain == MAP_FAILED) throw std::bad_alloc();
  madvise(plain, bytes, MADV_NOHUGEPAGE);  // 4 KiB pages even where the system's default is "always"
  const double plain_us = touch(plain, bytes);
  munmap(plain, bytes);

  void* huge = gilsim::huge_pages::map(bytes);
  const double huge_us = touch(huge, bytes);
  gilsim::huge_pages::unmap(huge, bytes);

  std::printf("# first write to fresh memory: %zu MiB, one byte per 4 KiB page\n", bytes >> 20);
  std::printf("plain_us_per_page=%.3f huge_us_per_4k=%.3f\n", plain_us, huge_us);
  return 0;
}
