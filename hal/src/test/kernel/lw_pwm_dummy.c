// SPDX-License-Identifier: GPL-2.0
/*
 * lw_pwm_dummy: a test PWM chip for Lightwire's kernel checks (hal/src/test/kernel/README.md).
 * Two channels that accept any state the PWM core lets through and keep it; the state each
 * channel's apply() last received is readable at /sys/devices/platform/lw-pwm-dummy/applied, so a
 * test sees what reached the driver as well as what the PWM core reports in /sys/class/pwm.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/pwm.h>

#define LW_CHANNELS 2

static struct platform_device *lw_pdev;
static struct pwm_chip lw_chip;
static struct pwm_state lw_states[LW_CHANNELS];
static DEFINE_MUTEX(lw_lock);

static int lw_apply(struct pwm_chip *chip, struct pwm_device *pwm, const struct pwm_state *state)
{
	mutex_lock(&lw_lock);
	lw_states[pwm->hwpwm] = *state;
	mutex_unlock(&lw_lock);
	return 0;
}

static int lw_get_state(struct pwm_chip *chip, struct pwm_device *pwm, struct pwm_state *state)
{
	mutex_lock(&lw_lock);
	*state = lw_states[pwm->hwpwm];
	mutex_unlock(&lw_lock);
	return 0;
}

static const struct pwm_ops lw_ops = {
	.apply = lw_apply,
	.get_state = lw_get_state,
	.owner = THIS_MODULE,
};

static ssize_t applied_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	ssize_t n = 0;
	int i;

	mutex_lock(&lw_lock);
	for (i = 0; i < LW_CHANNELS; i++)
		n += sysfs_emit_at(buf, n, "%d period=%llu duty=%llu polarity=%s enabled=%d\n", i,
				   lw_states[i].period, lw_states[i].duty_cycle,
				   lw_states[i].polarity == PWM_POLARITY_INVERSED ? "inversed" : "normal",
				   lw_states[i].enabled);
	mutex_unlock(&lw_lock);
	return n;
}
static DEVICE_ATTR_RO(applied);

static int __init lw_init(void)
{
	int ret;

	lw_pdev = platform_device_register_simple("lw-pwm-dummy", -1, NULL, 0);
	if (IS_ERR(lw_pdev))
		return PTR_ERR(lw_pdev);
	ret = device_create_file(&lw_pdev->dev, &dev_attr_applied);
	if (ret)
		goto fail_pdev;
	lw_chip.dev = &lw_pdev->dev;
	lw_chip.ops = &lw_ops;
	lw_chip.npwm = LW_CHANNELS;
	ret = pwmchip_add(&lw_chip);
	if (ret)
		goto fail_file;
	return 0;

fail_file:
	device_remove_file(&lw_pdev->dev, &dev_attr_applied);
fail_pdev:
	platform_device_unregister(lw_pdev);
	return ret;
}

static void __exit lw_exit(void)
{
	pwmchip_remove(&lw_chip);
	device_remove_file(&lw_pdev->dev, &dev_attr_applied);
	platform_device_unregister(lw_pdev);
}

module_init(lw_init);
module_exit(lw_exit);
MODULE_DESCRIPTION("Lightwire test PWM chip: two channels that keep their state");
MODULE_LICENSE("GPL");
