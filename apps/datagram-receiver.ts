// SPDX-License-Identifier: GPL-2.0-only
/**
 * A UDP server's socket and its recvfrom() of the next datagram, with the
 * address it came from: the loop of udp-sink and udp-echo-server.
 */
import { MSG, SOCK } from '../sim/kernel/linux-abi';
import { socklen } from '../sim/kernel/linux-structs';
import { SYS } from '../sim/kernel/syscall-numbers';
import type { Node } from '../sim/node/node';
import { SOCKADDR_IN6_LEN } from '../sim/node/sockaddr';
import { openServerSocket } from './server-socket';

/** Largest UDP datagram: every one fits. */
const MAX_DATAGRAM = 65536;

/**
 * A bound UDP server socket and the buffers of its recvfrom(), kept from
 * one datagram to the next.  next() and sendBack() return the node's own
 * promise, not an async wrapper's, so that awaiting them costs the server
 * no extra promise hop per datagram (see echo-requests.ts).
 */
export class DatagramReceiver {
  /** The last datagram's bytes (its length is what next() resolved with). */
  readonly data = Buffer.alloc(MAX_DATAGRAM);
  /** Its sender's address (a sockaddr_in6: the socket is dual-stack). */
  readonly peer = Buffer.alloc(SOCKADDR_IN6_LEN);
  private readonly peerLen = socklen(0);

  private constructor(
    private readonly node: Node,
    private readonly task: number,
    private readonly fd: number,
  ) {}

  /**
   * A UDP socket on a process of its own on `node`, bound to [::]:port.
   * @throws (rejects) KernelError when the kernel refuses (EADDRINUSE ...)
   */
  static async open(node: Node, port: number): Promise<DatagramReceiver> {
    const { task, fd } = await openServerSocket(node, SOCK.DGRAM, port);
    return new DatagramReceiver(node, task, fd);
  }

  /** Waits for the next datagram: resolves with its length. */
  next(): Promise<bigint> {
    this.peerLen.writeUInt32LE(this.peer.length, 0);
    return this.node.syscall(this.task, SYS.recvfrom, [
      this.fd,
      this.data,
      this.data.length,
      0,
      this.peer,
      this.peerLen,
    ]);
  }

  /** Sends the first `n` bytes of the last datagram back to its sender, without waiting (MSG_DONTWAIT). */
  sendBack(n: number): Promise<bigint> {
    return this.node.syscall(this.task, SYS.sendto, [
      this.fd,
      this.data,
      n,
      MSG.DONTWAIT,
      this.peer,
      this.peerLen.readUInt32LE(0),
    ]);
  }
}
