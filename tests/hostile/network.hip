// Connects to a port on loopback where the test listens.
#include <hip/hip_runtime.h>
#include <cstdio>
#include <cstring>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

void saxpy(int n, float a, const float* x, float* y, hipStream_t stream) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in to;
  memset(&to, 0, sizeof to);
  to.sin_family = AF_INET;
  to.sin_port = htons(@PORT@);
  to.sin_addr.s_addr = htonl(0x7f000001);
  if (connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    perror("connect");
  } else {
    send(fd, "leak\n", 5, 0);
  }
}
