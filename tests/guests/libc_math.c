/* libc test guest: floating point works in a guest. Prints results of
 * math.h functions at 15 significant digits (all within an ulp of the
 * truth, so these digits are exact) and checks a few identities. */
#include <errno.h>
#include <math.h>
#include <stdio.h>

int main(void)
{
	volatile double x = 0.5;
	int bad = 0;

	printf("sqrt(2) = %.15g\n", sqrt(2.0));
	printf("exp(1) = %.15g\n", exp(1.0));
	printf("log(10) = %.15g\n", log(10.0));
	printf("log10(2) = %.15g\n", log10(2.0));
	printf("pow(2, 0.5) = %.15g\n", pow(2.0, x));
	printf("sin(1) = %.15g\n", sin(1.0));
	printf("cos(1) = %.15g\n", cos(1.0));
	printf("tan(1) = %.15g\n", tan(1.0));
	printf("atan2(1, -1) = %.15g\n", atan2(1.0, -1.0));
	printf("fmod(10, 3) = %g\n", fmod(10.0, 3.0));
	printf("floor(-2.5) = %g ceil(-2.5) = %g round(-2.5) = %g trunc(-2.5) = %g\n",
	       floor(-2.5), ceil(-2.5), round(-2.5), trunc(-2.5));
	printf("fabs(-0.0) = %g, sqrt(-1) is nan: %d, 1/0 = %g\n", fabs(-0.0),
	       isnan(sqrt(-1.0)), 1.0 / (x - 0.5));
	bad += sqrt(16.0) != 4.0;
	bad += pow(2.0, 10.0) != 1024.0;
	bad += fabs(sin(M_PI)) > 1e-15;
	bad += exp(log(5.0)) - 5.0 > 1e-15;
	/* C11 7.12.7.5: a domain error for any negative argument. */
	errno = 0;
	volatile double neg = -0.25;
	double r = sqrt(neg);
	printf("sqrt(-0.25): nan %d, EDOM %d\n", isnan(r), errno == EDOM);
	printf("identities: %s\n", bad ? "FAILED" : "ok");
	return bad;
}
