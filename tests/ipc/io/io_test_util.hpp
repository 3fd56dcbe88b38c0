// Helpers shared by the ringtrim_io tests: a scratch directory that removes
// itself, whole-file reads and writes, and deterministic test data.
#pragma once

#include <dirent.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace ringtrim::io::test {

class ScratchDir {
public:
    ScratchDir() {
        std::string tmpl = "/tmp/ringtrim-io-test-XXXXXX";
        char* p = ::mkdtemp(tmpl.data());
        path_ = p ? p : "";
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;

    std::string file(const std::string& name) const { return path_ + "/" + name; }
    const std::string& path() const { return path_; }

    // Names in the directory, hidden ones included.
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(path_)) {
            names.push_back(e.path().filename().string());
        }
        return names;
    }

private:
    std::string path_;
};

inline void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

inline bool file_exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

// FASTQ-like text: compressible but not trivially so. Same seed, same bytes.
inline std::string fastq_text(std::size_t min_bytes, std::uint32_t seed = 1) {
    std::string s;
    std::uint32_t x = seed * 2654435761u + 12345u;
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        return x;
    };
    for (std::size_t i = 0; s.size() < min_bytes; ++i) {
        s += "@read" + std::to_string(i) + "\n";
        std::size_t len = 50 + next() % 100;
        std::string seq, qual;
        for (std::size_t j = 0; j < len; ++j) {
            seq += "ACGT"[next() % 4];
            qual += static_cast<char>('!' + next() % 41);
        }
        s += seq + "\n+\n" + qual + "\n";
    }
    return s;
}

// Runs a shell command; returns its exit status (or -1).
inline int run_shell(const std::string& cmd) {
    int rc = std::system(cmd.c_str());
    if (rc == -1) return -1;
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

}  // namespace ringtrim::io::test
