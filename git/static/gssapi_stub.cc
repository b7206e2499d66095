// GSS-API entry points for the static release build only (cmake/static_deps.cmake).
//
// Debian's libgit2.a calls GSS-API (Kerberos) for one thing: "Negotiate"
// authentication to HTTP remotes. skewlint reads local repositories and never
// talks to a remote, and Debian ships no static Kerberos library, so rather
// than making the self-contained binary depend on the shared Kerberos
// libraries, these stand-ins report that GSS-API is unavailable, which
// libgit2 handles as "no Negotiate authentication".

#include <cstddef>
#include <cstdint>

namespace {

using OmUint32 = uint32_t;
struct GssBuffer {
  size_t length;
  void* value;
};
struct GssOid {
  OmUint32 length;
  void* elements;
};

constexpr OmUint32 kComplete = 0;
constexpr OmUint32 kFailure = 13u << 16;  // GSS_S_FAILURE

OmUint32 Unavailable(OmUint32* minor) {
  if (minor) *minor = 0;
  return kFailure;
}

}  // namespace

extern "C" {

GssOid* GSS_C_NT_HOSTBASED_SERVICE = nullptr;

OmUint32 gss_indicate_mechs(OmUint32* minor, void** mech_set) {
  if (mech_set) *mech_set = nullptr;
  return Unavailable(minor);
}

OmUint32 gss_import_name(OmUint32* minor, GssBuffer*, GssOid*, void** output_name) {
  if (output_name) *output_name = nullptr;
  return Unavailable(minor);
}

OmUint32 gss_init_sec_context(OmUint32* minor, void*, void**, void*, GssOid*, OmUint32, OmUint32,
                              void*, GssBuffer*, GssOid**, GssBuffer* output_token, OmUint32*,
                              OmUint32*) {
  if (output_token) *output_token = GssBuffer{0, nullptr};
  return Unavailable(minor);
}

OmUint32 gss_display_status(OmUint32* minor, OmUint32, int, GssOid*, OmUint32* message_context,
                            GssBuffer* status_string) {
  if (message_context) *message_context = 0;
  if (status_string) *status_string = GssBuffer{0, nullptr};
  return Unavailable(minor);
}

OmUint32 gss_delete_sec_context(OmUint32* minor, void** context, GssBuffer* output_token) {
  if (minor) *minor = 0;
  if (context) *context = nullptr;
  if (output_token) *output_token = GssBuffer{0, nullptr};
  return kComplete;
}

OmUint32 gss_release_name(OmUint32* minor, void** name) {
  if (minor) *minor = 0;
  if (name) *name = nullptr;
  return kComplete;
}

OmUint32 gss_release_buffer(OmUint32* minor, GssBuffer* buffer) {
  if (minor) *minor = 0;
  if (buffer) *buffer = GssBuffer{0, nullptr};
  return kComplete;
}

OmUint32 gss_release_oid_set(OmUint32* minor, void** set) {
  if (minor) *minor = 0;
  if (set) *set = nullptr;
  return kComplete;
}

}  // extern "C"
