// SPDX-License-Identifier: GPL-2.0-only
/**
 * The error rtnetlink.ts throws when the kernel's answer to a request breaks
 * the netlink protocol: internal, exit 70.
 */
import { InternalError } from '../core/errors';

/**
 * The kernel's rtnetlink answer broke the protocol: no reply where one is
 * due, a reply to another request, a malformed message, a call that
 * blocked.  Always a bug (ours or the kernel port's), never a refusal --
 * refusals are KernelError.
 */
export class NetlinkProtocolError extends InternalError {
  override readonly name = 'NetlinkProtocolError';
}
