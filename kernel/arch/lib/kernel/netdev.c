// SPDX-License-Identifier: GPL-2.0-only
/*
 * Virtual Ethernet devices joined to the host's simulated links.
 *
 * Transmit: frames are linearised, orphaned (the socket is charged no
 * longer, as after a NIC's TX completion) and queued for the host, which
 * reads them after the entry; they are freed at the next entry.
 * Receive: the host's frames are copied into skbs in the entry's
 * interrupt and handed to the stack by NAPI, as a NIC driver would.
 */
#include <linux/etherdevice.h>
#include <linux/idr.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <net/dst.h>
#include "lib.h"

struct lib_netdev {
	struct net_device *dev;
	struct napi_struct napi;
	struct sk_buff_head rxq;
};

/* Our devices by ifindex: looked up on the host side of an entry. */
static DEFINE_IDR(devices);
/* Transmitted frames not yet read by the host, in transmission order. */
static struct sk_buff_head tx_pending;
/* Their total length. */
static u64 tx_pending_bytes;
/* Frames the host has read; freed at the next entry. */
static struct sk_buff_head tx_handed;

static netdev_tx_t netdev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	if ((skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb)) ||
	    skb_linearize(skb)) {
		dev->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	skb_orphan(skb);
	skb_dst_drop(skb);
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += skb->len;
	__skb_queue_tail(&tx_pending, skb);
	tx_pending_bytes += skb->len;
	return NETDEV_TX_OK;
}

static int netdev_poll(struct napi_struct *napi, int budget)
{
	struct lib_netdev *nd = container_of(napi, struct lib_netdev, napi);
	struct sk_buff *skb;
	int done = 0;

	while (done < budget && (skb = __skb_dequeue(&nd->rxq))) {
		napi_gro_receive(napi, skb);
		done++;
	}
	if (done < budget)
		napi_complete_done(napi, done);
	return done;
}

static int netdev_open(struct net_device *dev)
{
	struct lib_netdev *nd = netdev_priv(dev);

	napi_enable(&nd->napi);
	netif_start_queue(dev);
	return 0;
}

static int netdev_stop(struct net_device *dev)
{
	struct lib_netdev *nd = netdev_priv(dev);

	netif_stop_queue(dev);
	napi_disable(&nd->napi);
	__skb_queue_purge(&nd->rxq);
	return 0;
}

static const struct net_device_ops netdev_ops = {
	.ndo_open		= netdev_open,
	.ndo_stop		= netdev_stop,
	.ndo_start_xmit		= netdev_xmit,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

static void netdev_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &netdev_ops;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	/*
	 * No checksum or segmentation offloads: the stack computes every
	 * checksum and segments in software, so frames leave complete.
	 */
	dev->features = 0;
	dev->hw_features = 0;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
}

/* Runs in init (it sleeps on rtnl_lock). */
long lib_netdev_create_in_kernel(const char *name, const u8 *mac,
				 unsigned int mtu)
{
	struct net_device *dev;
	struct lib_netdev *nd;
	int err;

	dev = alloc_netdev(sizeof(*nd), name, NET_NAME_USER, netdev_setup);
	if (!dev)
		return -ENOMEM;
	nd = netdev_priv(dev);
	nd->dev = dev;
	skb_queue_head_init(&nd->rxq);
	netif_napi_add(dev, &nd->napi, netdev_poll);
	eth_hw_addr_set(dev, mac);
	dev->mtu = mtu;
	err = register_netdev(dev);
	if (err) {
		netif_napi_del(&nd->napi);
		free_netdev(dev);
		return err;
	}
	err = idr_alloc(&devices, nd, dev->ifindex, dev->ifindex + 1,
			GFP_KERNEL);
	if (err < 0) {
		unregister_netdev(dev);
		free_netdev(dev);
		return err;
	}
	return dev->ifindex;
}

static struct lib_netdev *lookup(int ifindex)
{
	return ifindex > 0 ? idr_find(&devices, ifindex) : NULL;
}

/* The frames of one lib_netdev_receive() call. */
struct rx_batch {
	const struct lib_frame *frames;
	int n;
};

/* Interrupt work of lib_netdev_receive(): copy in, schedule NAPI. */
static void receive_frames(void *arg)
{
	const struct rx_batch *b = arg;
	int i;

	for (i = 0; i < b->n; i++) {
		const struct lib_frame *f = &b->frames[i];
		struct lib_netdev *nd = lookup(f->ifindex);
		struct net_device *dev = nd->dev;
		struct sk_buff *skb;

		if (!(dev->flags & IFF_UP) || !netif_carrier_ok(dev)) {
			dev->stats.rx_dropped++;
			continue;
		}
		skb = netdev_alloc_skb_ip_align(dev, f->len);
		if (!skb) {
			dev->stats.rx_dropped++;
			continue;
		}
		skb_put_data(skb, f->data, f->len);
		skb->protocol = eth_type_trans(skb, dev);
		dev->stats.rx_packets++;
		dev->stats.rx_bytes += f->len;
		__skb_queue_tail(&nd->rxq, skb);
		napi_schedule(&nd->napi);
	}
}

bool lib_netdev_tx_handed(void)
{
	return !skb_queue_empty(&tx_handed);
}

/* In an entry's interrupt: the frames the host has read are done with. */
void lib_netdev_tx_complete(void)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(&tx_handed)))
		dev_consume_skb_any(skb);
}

static int __init lib_netdev_init(void)
{
	skb_queue_head_init(&tx_pending);
	skb_queue_head_init(&tx_handed);
	return 0;
}
core_initcall(lib_netdev_init);

LIB_API int lib_netdev_create(const char *name, const uint8_t mac[6],
			      unsigned int mtu, uint64_t now)
{
	struct lib_control req = {
		.op = LIB_CONTROL_NETDEV_CREATE,
		.name = name,
		.arg = mtu ? mtu : ETH_DATA_LEN,
	};
	int ret;

	if (!name || !mac || !dev_valid_name(name) || strchr(name, '%') ||
	    !is_valid_ether_addr(mac) ||
	    req.arg < ETH_MIN_MTU || req.arg > ETH_MAX_MTU)
		return -EINVAL;
	memcpy(req.mac, mac, ETH_ALEN);
	ret = lib_control(&req, now);
	return ret ? ret : req.result;
}

struct carrier_work {
	struct net_device *dev;
	bool up;
};

static void set_carrier(void *arg)
{
	struct carrier_work *w = arg;

	if (w->up)
		netif_carrier_on(w->dev);
	else
		netif_carrier_off(w->dev);
}

LIB_API int lib_netdev_set_carrier(int ifindex, int up, uint64_t now)
{
	struct carrier_work w;
	struct lib_netdev *nd;
	int ret = lib_enter_check(now);

	if (ret)
		return ret;
	nd = lookup(ifindex);
	if (!nd)
		return -ENODEV;
	w.dev = nd->dev;
	w.up = up;
	return lib_enter_irq(now, set_carrier, &w);
}

LIB_API int lib_netdev_receive(const struct lib_frame *frames, int n,
			       uint64_t now)
{
	struct rx_batch batch = { frames, n };
	int i, ret = lib_enter_check(now);

	if (ret)
		return ret;
	if (n < 0 || (n && !frames))
		return -EINVAL;
	for (i = 0; i < n; i++) {
		struct lib_netdev *nd = lookup(frames[i].ifindex);
		size_t max;

		if (!nd)
			return -ENODEV;
		max = nd->dev->mtu + ETH_HLEN + VLAN_HLEN;
		if (!frames[i].data || frames[i].len < ETH_HLEN ||
		    frames[i].len > max)
			return -EINVAL;
	}
	ret = lib_enter_irq(now, receive_frames, &batch);
	return ret ? ret : n;
}

/*
 * Hands the oldest `max` transmitted frames to the host; with `buf`, their
 * data is copied into it while it has room.
 */
static int hand_over(struct lib_frame *out, int max, u8 *buf, size_t len)
{
	struct sk_buff *skb;
	size_t used = 0;
	int n = 0;

	if (!out || max <= 0 || lib_is_dead())
		return 0;
	while (n < max && (skb = skb_peek(&tx_pending))) {
		out[n].ifindex = skb->dev->ifindex;
		out[n].len = skb->len;
		out[n].data = skb->data;
		if (buf) {
			if (skb->len > len - used)
				break;
			memcpy(buf + used, skb->data, skb->len);
			out[n].data = buf + used;
			used += min_t(size_t, ALIGN(skb->len, 8), len - used);
		}
		__skb_unlink(skb, &tx_pending);
		tx_pending_bytes -= skb->len;
		__skb_queue_tail(&tx_handed, skb);
		n++;
	}
	lib_status_update();
	return n;
}

unsigned int lib_netdev_tx_waiting(u64 *bytes)
{
	*bytes = tx_pending_bytes;
	return skb_queue_len(&tx_pending);
}

LIB_API int lib_netdev_transmitted(struct lib_frame *out, int max)
{
	return hand_over(out, max, NULL, 0);
}

LIB_API int lib_netdev_transmitted_copy(struct lib_frame *out, int max,
					void *buf, size_t len)
{
	if (!buf)
		return 0;
	return hand_over(out, max, buf, len);
}
