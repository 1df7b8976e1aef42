// SPDX-License-Identifier: GPL-2.0
/*
 * lw_i2c_regs: a test I2C adapter for Lightwire's kernel checks (hal/src/test/kernel/README.md).
 *
 * i2c-stub speaks SMBus only and refuses I2C_RDWR, which the HAL's I2cDev uses, so this adapter
 * implements master_xfer itself: one 256-byte register device at `addr` (a write sets the register
 * pointer from its first byte and stores the rest from there; a read returns bytes from the
 * pointer; the pointer wraps at 256), and a NACK (-ENXIO, what i2c-bcm2835 reports as -EREMOTEIO)
 * for every other address. SMBus calls are emulated by the I2C core through master_xfer.
 */
#include <linux/i2c.h>
#include <linux/module.h>

static unsigned short addr = 0x50;
module_param(addr, ushort, 0444);
MODULE_PARM_DESC(addr, "7-bit address of the register device");

static int bus = 1;
module_param(bus, int, 0444);
MODULE_PARM_DESC(bus, "adapter number (/dev/i2c-N); 1 as on a Raspberry Pi header");

static int last_xfer_msgs;
module_param(last_xfer_msgs, int, 0444);
MODULE_PARM_DESC(last_xfer_msgs,
		 "messages in the last transfer (2 for a register read: write, repeated start, read)");

#define LW_REGS 256

static u8 regs[LW_REGS];
static u8 pointer;

static int lw_xfer(struct i2c_adapter *adap, struct i2c_msg *msgs, int num)
{
	int i;
	u16 j;

	last_xfer_msgs = num;
	for (i = 0; i < num; i++) {
		struct i2c_msg *m = &msgs[i];

		if (m->addr != addr || (m->flags & I2C_M_TEN))
			return -ENXIO;
		if (m->flags & I2C_M_RD) {
			for (j = 0; j < m->len; j++)
				m->buf[j] = regs[pointer++];
		} else if (m->len > 0) {
			pointer = m->buf[0];
			for (j = 1; j < m->len; j++)
				regs[pointer++] = m->buf[j];
		}
	}
	return num;
}

static u32 lw_functionality(struct i2c_adapter *adap)
{
	return I2C_FUNC_I2C | I2C_FUNC_SMBUS_EMUL;
}

static const struct i2c_algorithm lw_algorithm = {
	.master_xfer = lw_xfer,
	.functionality = lw_functionality,
};

static struct i2c_adapter lw_adapter = {
	.owner = THIS_MODULE,
	.class = I2C_CLASS_HWMON,
	.algo = &lw_algorithm,
	.name = "lightwire-test-i2c",
};

static int __init lw_init(void)
{
	lw_adapter.nr = bus;
	return i2c_add_numbered_adapter(&lw_adapter);
}

static void __exit lw_exit(void)
{
	i2c_del_adapter(&lw_adapter);
}

module_init(lw_init);
module_exit(lw_exit);
MODULE_DESCRIPTION("Lightwire test I2C adapter: a 256-register device, NACK elsewhere");
MODULE_LICENSE("GPL");
