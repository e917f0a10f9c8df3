// End-to-end: agency systems authenticate with client certificates (mTLS) whose subject maps
// to an organisation and the AGENCY_SYSTEM role. Certificates are made with the openssl CLI.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "collab/organisations/v1/organisations.grpc.pb.h"
#include "tests/e2e/stack.h"

namespace collab::e2e {
namespace {

using collab::organisations::v1::ListOrganisationsRequest;
using collab::organisations::v1::ListOrganisationsResponse;
using collab::organisations::v1::OrganisationService;

constexpr char kSubject[] = "CN=fk-integration,O=Forsakringskassan,C=SE";
constexpr char kAgencyOrg[] = "0b5a7c1e-0000-4000-8000-00000000a9e7";

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

// A CA, a server certificate for 127.0.0.1 and two client certificates (one mapped, one not).
bool MakeCertificates(const std::string& dir) {
  const std::string ec = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
  const std::string cmd = absl::StrCat(
      "set -e; cd ", dir, "; exec >openssl.log 2>&1;",
      "openssl req -x509 ", ec, " -keyout ca.key -out ca.pem -days 1 -subj /CN=test-ca;",
      "openssl req ", ec, " -keyout server.key -out server.csr -subj /CN=localhost;",
      "printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > server.ext;",
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem "
      "-days 1 -extfile server.ext;",
      "openssl req ", ec, " -keyout client.key -out client.csr "
      "-subj /C=SE/O=Forsakringskassan/CN=fk-integration;",
      "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem "
      "-days 1;",
      "openssl req ", ec, " -keyout other.key -out other.csr -subj /CN=stranger;",
      "openssl x509 -req -in other.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out other.pem "
      "-days 1;",
      "printf '{\"%s\": \"%s\"}' '", kSubject, "' '", kAgencyOrg, "' > subjects.json");
  return std::system(cmd.c_str()) == 0;
}

std::shared_ptr<grpc::ChannelCredentials> Credentials(const std::string& dir,
                                                      const std::string& client) {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = Read(dir + "/ca.pem");
  if (!client.empty()) {
    options.pem_private_key = Read(dir + "/" + client + ".key");
    options.pem_cert_chain = Read(dir + "/" + client + ".pem");
  }
  return grpc::SslCredentials(options);
}

grpc::Status List(const std::shared_ptr<grpc::Channel>& channel, const std::string& token = "") {
  auto stub = OrganisationService::NewStub(channel);
  grpc::ClientContext ctx;
  if (!token.empty()) AddBearer(ctx, token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  ListOrganisationsResponse resp;
  return stub->ListOrganisations(&ctx, ListOrganisationsRequest(), &resp);
}

TEST(GatewayMtlsTest, MappedClientCertificateIsAnAgencySystem) {
  char tmpl[] = "/tmp/collab-mtls.XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  ASSERT_TRUE(MakeCertificates(dir)) << Read(dir + "/openssl.log");

  StackOptions options;
  options.extra_gateway_flags = {
      "--tls_cert=" + dir + "/server.pem", "--tls_key=" + dir + "/server.key",
      "--tls_client_ca=" + dir + "/ca.pem", "--tls_client_subjects=" + dir + "/subjects.json"};
  options.gateway_credentials = Credentials(dir, "");
  auto stack = Stack::Start(options);
  ASSERT_TRUE(stack.ok()) << stack.status();
  const std::string target = (*stack)->gateway_target();

  grpc::Status s = List(grpc::CreateChannel(target, Credentials(dir, "client")));
  EXPECT_TRUE(s.ok()) << s.error_message() << "\n" << testing::Tail((*stack)->gateway_log());

  // A valid certificate that is not mapped: refused, and nothing about the mapping leaks.
  grpc::Status stranger = List(grpc::CreateChannel(target, Credentials(dir, "other")));
  EXPECT_EQ(stranger.error_code(), grpc::StatusCode::UNAUTHENTICATED) << stranger.error_message();

  // No certificate: a bearer token still works over the same TLS port.
  auto anonymous = grpc::CreateChannel(target, Credentials(dir, ""));
  EXPECT_EQ(List(anonymous).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(List(anonymous, (*stack)->Token("CASE_WORKER")).ok());
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace collab::e2e
