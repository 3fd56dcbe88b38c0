#include "apps/roles/chunk_source.hpp"

#include <stdexcept>

namespace ringtrim::roles {

ipc::ProducedChunk ChunkSource::finish(char* const[2], const ipc::ProducedChunk&) {
    throw std::logic_error("internal error: this input source places no raw chunks");
}

}  // namespace ringtrim::roles
