// SPDX-License-Identifier: GPL-2.0
/*
 * lw_spi_loopback: a test SPI controller for Lightwire's kernel checks
 * (hal/src/test/kernel/README.md). Bus `bus` (0, as spidev0.x on a Raspberry Pi) with two chip
 * selects; every transfer copies what is sent into what is received (MISO wired to MOSI), after
 * the SPI core has validated mode, speed and word size against the controller's limits. The last
 * transfer's parameters are readable at /sys/devices/platform/lw-spi-loopback/last_transfer so a
 * test sees what the controller was asked to do, not only the data.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/spi/spi.h>
#include <linux/string.h>

static int bus;
module_param(bus, int, 0444);
MODULE_PARM_DESC(bus, "SPI bus number (/dev/spidevB.C)");

static struct platform_device *lw_pdev;
static struct spi_controller *lw_ctlr;
static struct spi_device *lw_devs[2];

static DEFINE_SPINLOCK(lw_lock);
static u32 last_mode, last_speed, last_bits, last_len, last_cs;

static int lw_transfer_one(struct spi_controller *ctlr, struct spi_device *spi,
			   struct spi_transfer *t)
{
	unsigned long flags;

	if (t->rx_buf) {
		if (t->tx_buf)
			memcpy(t->rx_buf, t->tx_buf, t->len);
		else
			memset(t->rx_buf, 0, t->len);
	}
	spin_lock_irqsave(&lw_lock, flags);
	last_mode = spi->mode & (SPI_CPHA | SPI_CPOL);
	last_speed = t->speed_hz;
	last_bits = t->bits_per_word;
	last_len = t->len;
	last_cs = spi->chip_select;
	spin_unlock_irqrestore(&lw_lock, flags);
	return 0; /* done synchronously */
}

static ssize_t last_transfer_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	unsigned long flags;
	ssize_t n;

	spin_lock_irqsave(&lw_lock, flags);
	n = sysfs_emit(buf, "cs=%u mode=%u speed=%u bits=%u len=%u\n", last_cs, last_mode,
		       last_speed, last_bits, last_len);
	spin_unlock_irqrestore(&lw_lock, flags);
	return n;
}
static DEVICE_ATTR_RO(last_transfer);

static int __init lw_init(void)
{
	struct spi_board_info info = { .modalias = "lw-loopback", .max_speed_hz = 125000000 };
	int ret, cs;

	lw_pdev = platform_device_register_simple("lw-spi-loopback", -1, NULL, 0);
	if (IS_ERR(lw_pdev))
		return PTR_ERR(lw_pdev);
	ret = device_create_file(&lw_pdev->dev, &dev_attr_last_transfer);
	if (ret)
		goto fail_pdev;
	lw_ctlr = spi_alloc_master(&lw_pdev->dev, 0);
	if (!lw_ctlr) {
		ret = -ENOMEM;
		goto fail_file;
	}
	lw_ctlr->bus_num = bus;
	lw_ctlr->num_chipselect = 2;
	lw_ctlr->mode_bits = SPI_CPOL | SPI_CPHA | SPI_CS_HIGH | SPI_LSB_FIRST;
	lw_ctlr->bits_per_word_mask = SPI_BPW_MASK(8) | SPI_BPW_MASK(16) | SPI_BPW_MASK(32);
	lw_ctlr->min_speed_hz = 1000;
	lw_ctlr->max_speed_hz = 125000000;
	lw_ctlr->transfer_one = lw_transfer_one;
	ret = spi_register_controller(lw_ctlr);
	if (ret) {
		spi_controller_put(lw_ctlr);
		goto fail_file;
	}
	/* spidev is bound to these through driver_override by the VM's init. */
	for (cs = 0; cs < 2; cs++) {
		info.chip_select = cs;
		lw_devs[cs] = spi_new_device(lw_ctlr, &info);
	}
	return 0;

fail_file:
	device_remove_file(&lw_pdev->dev, &dev_attr_last_transfer);
fail_pdev:
	platform_device_unregister(lw_pdev);
	return ret;
}

static void __exit lw_exit(void)
{
	spi_unregister_controller(lw_ctlr);
	device_remove_file(&lw_pdev->dev, &dev_attr_last_transfer);
	platform_device_unregister(lw_pdev);
}

module_init(lw_init);
module_exit(lw_exit);
MODULE_DESCRIPTION("Lightwire test SPI controller: MISO looped back to MOSI");
MODULE_LICENSE("GPL");
